import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, readdir, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import type { AppContext } from "../../context";
import { photoStore } from "../uploads/photo-store";
import { dumpRows, type RowsDump } from "./db-rows";
import { findPgTool, pgRun } from "./pg-tools";

// `fengqiao backup`: one folder holding the database (pg_dump's custom format when this machine has
// a pg_dump of the server's major version, else the rows format of db-rows.ts), every uploaded photo
// (from the local folder or the S3-compatible store alike), and manifest.json naming each file with
// its size and sha256. manifest.sig is an HMAC of the manifest with a key derived from the lookup key
// (which survives key rotations), so a manifest edited to match an edited file is refused too.

export const BACKUP_FORMAT = "fengqiao-backup";

export interface ManifestFile {
  path: string;
  bytes: number;
  sha256: string;
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  version: 1;
  created_at: string;
  server_version: string;
  /** The last migration applied, and all of them (a restore needs the same schema). */
  schema: { level: string | null; migrations: string[] };
  database: { format: "pg_dump-custom"; file: string; tool: string } | ({ format: "rows" } & RowsDump);
  counts: { cases: number; case_events: number; attachments: number };
  uploads: { store: "local" | "s3"; files: number };
  files: ManifestFile[];
}

export async function sha256File(file: string): Promise<string> {
  const h = createHash("sha256");
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest("hex");
}

export async function serverInfo(url: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const v = await c.query<{ server_version: string }>("SHOW server_version");
    const version = v.rows[0]?.server_version ?? "";
    const m = await c
      .query<{ name: string }>("SELECT name FROM schema_migrations ORDER BY name")
      .catch(() => ({ rows: [] }));
    return { version, major: Number.parseInt(version, 10), migrations: m.rows.map((r) => r.name) };
  } finally {
    await c.end();
  }
}

async function listFiles(root: string, dir = ""): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(path.join(root, dir), { withFileTypes: true })) {
    const rel = dir ? `${dir}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await listFiles(root, rel)));
    else out.push(rel);
  }
  return out;
}

/** Every file of the backup folder but the manifest itself, with size and checksum. */
export async function describeFiles(root: string): Promise<ManifestFile[]> {
  const files = (await listFiles(root)).filter((f) => f !== "manifest.json" && f !== "manifest.sig").sort();
  return Promise.all(
    files.map(async (f) => ({
      path: f,
      bytes: (await stat(path.join(root, f))).size,
      sha256: await sha256File(path.join(root, f)),
    })),
  );
}

export async function makeBackup(
  ctx: AppContext,
  databaseUrl: string,
  outParent: string,
  now: Date = new Date(),
): Promise<{ dir: string; manifest: BackupManifest }> {
  const server = await serverInfo(databaseUrl);
  const dir = path.resolve(outParent, `fengqiao-backup-${now.toISOString().replace(/[:.]/g, "-")}`);
  await mkdir(dir, { recursive: true });
  const tool = await findPgTool("pg_dump", server.major, ctx.config.pgBinDir);
  let database: BackupManifest["database"];
  if (tool) {
    await pgRun(tool, [
      "--format=custom",
      "--no-owner",
      "--no-privileges",
      `--file=${path.join(dir, "database.dump")}`,
      `--dbname=${databaseUrl}`,
    ]);
    database = { format: "pg_dump-custom", file: "database.dump", tool: `pg_dump ${tool.major}` };
  } else {
    await mkdir(path.join(dir, "database"));
    database = { format: "rows", ...(await dumpRows(databaseUrl, path.join(dir, "database"), "database")) };
  }
  // Photos named by the database: the store may hold more (a failed upload's orphan), never less.
  const store = photoStore(ctx.config);
  const keys = await ctx.db.selectFrom("attachments").select("path").orderBy("path").execute();
  let files = 0;
  for (const { path: key } of keys) {
    const photo = await store.get(key);
    if (!photo) continue; // already gone from the store: the manifest lists what was there
    const target = path.join(dir, "uploads", key);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, photo.body);
    files += 1;
  }
  const count = async (t: "cases" | "case_events" | "attachments") =>
    Number(
      (
        await ctx.db
          .selectFrom(t)
          .select((eb) => eb.fn.countAll<string>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    version: 1,
    created_at: now.toISOString(),
    server_version: server.version,
    schema: { level: server.migrations.at(-1) ?? null, migrations: server.migrations },
    database,
    counts: {
      cases: await count("cases"),
      case_events: await count("case_events"),
      attachments: await count("attachments"),
    },
    uploads: { store: ctx.config.uploadStore, files },
    files: await describeFiles(dir),
  };
  const text = `${JSON.stringify(manifest, null, 2)}\n`;
  await writeFile(path.join(dir, "manifest.json"), text);
  await writeFile(path.join(dir, "manifest.sig"), `${ctx.pd.mac(text)}\n`);
  return { dir, manifest };
}
