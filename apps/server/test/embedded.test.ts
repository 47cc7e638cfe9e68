import { type ChildProcess, execFile, execFileSync, spawn } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../../..");
const CHILD = path.join(__dirname, "fixtures/embedded-child.ts");
const tmp = mkdtempSync(path.join(os.tmpdir(), "fq-embedded-"));
chmodSync(tmp, 0o755); // run as root, PostgreSQL runs as the postgres user and must get in
const dir = path.join(tmp, "pg");
const pidFile = path.join(dir, "postmaster.pid");
const postmasterPid = () => Number(readFileSync(pidFile, "utf8").split("\n")[0]);
const port = () => (JSON.parse(readFileSync(`${dir}.json`, "utf8")) as { port: number }).port;

afterAll(() => {
  // Whatever a failed assertion left running.
  if (existsSync(pidFile)) {
    try {
      process.kill(postmasterPid(), "SIGKILL");
    } catch {}
  }
  rmSync(tmp, { recursive: true, force: true });
});

function listening(p: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect(p, "127.0.0.1");
    sock.once("connect", () => {
      sock.destroy();
      resolve(true);
    });
    sock.once("error", () => resolve(false));
  });
}

/** Starts the child and resolves with its "ready …" line. */
function child(mode = ""): Promise<{ proc: ChildProcess; line: string }> {
  const proc = spawn(process.execPath, ["--import", "tsx", CHILD, dir, mode], { cwd: ROOT });
  return new Promise((resolve, reject) => {
    let out = "";
    proc.stdout?.on("data", (d) => {
      out += String(d);
      const line = out.split("\n").find((l) => l.startsWith("ready"));
      if (line) resolve({ proc, line });
    });
    proc.stderr?.on("data", (d) => {
      out += String(d);
    });
    proc.once("exit", (code) => reject(new Error(`child exited ${code}: ${out}`)));
  });
}

const { DATABASE_URL: _external, ...withoutDatabaseUrl } = process.env;
const exited = (proc: ChildProcess) => new Promise((r) => proc.once("exit", r));

describe("embedded PostgreSQL", () => {
  it("shares a live owner's server, and adopts and later stops one whose node process was killed", {
    timeout: 120_000,
  }, async () => {
    const first = await child();
    expect(first.line).toBe("ready shared=false adopted=false");
    const pid = postmasterPid();

    // A second process while the first lives: connects, and leaves the server to its owner.
    const second = await child("stop-now");
    expect(second.line).toBe("ready shared=true adopted=false");
    await exited(second.proc);
    expect(await listening(port())).toBe(true);

    // kill -9 of node alone: postgres keeps running on the folder, orphaned.
    first.proc.kill("SIGKILL");
    await exited(first.proc);
    expect(await listening(port())).toBe(true);
    expect(postmasterPid()).toBe(pid);

    // The next start adopts it, and Ctrl-C stops it.
    const third = await child();
    expect(third.line).toBe("ready shared=false adopted=true");
    third.proc.kill("SIGINT");
    await exited(third.proc);
    // Ctrl-C may end node before PostgreSQL has finished its fast shutdown: give it a moment.
    const deadline = Date.now() + 20_000;
    while (existsSync(pidFile) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(existsSync(pidFile), "postmaster.pid after Ctrl-C").toBe(false);
    expect(await listening(port()), "listening after Ctrl-C").toBe(false);
  });

  it("explains a postmaster.pid held by another live process instead of printing undefined", {
    timeout: 60_000,
  }, async () => {
    // Left from the test above: an initialised cluster, stopped. A live process that PostgreSQL may
    // signal (its own user's; it ignores other users' as stale) holds the pid file's number, as
    // after a crash when the number was reused.
    expect(existsSync(path.join(dir, "PG_VERSION"))).toBe(true);
    const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"]).toString().trim());
    const asPostgres = process.getuid?.() === 0 ? { uid: id("-u"), gid: id("-g") } : {};
    const holder = spawn("sleep", ["120"], asPostgres);
    writeFileSync(pidFile, `${holder.pid}\n${dir}\n0\n${port()}\n`);
    const r = await promisify(execFile)(
      process.execPath,
      [path.join(ROOT, "apps/server/bin/fengqiao.mjs"), "start"],
      {
        cwd: ROOT,
        timeout: 45_000, // should it start after all, SIGTERM stops it
        env: {
          ...withoutDatabaseUrl,
          FENGQIAO_DATA_DIR: tmp,
          PORT: "0",
          NODE_ENV: "test",
          FENGQIAO_SECRET_KEY: "ab".repeat(32),
        },
      },
    ).then(
      () => ({ code: 0, out: "" }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
    );
    holder.kill();
    rmSync(pidFile, { force: true });
    expect(r.code).toBe(1);
    expect(r.out).not.toMatch(/^undefined$/m);
    expect(r.out).toContain("did not start");
    expect(r.out).toMatch(/lock file "postmaster.pid" already exists/);
    expect(r.out).toContain(`delete ${pidFile}`);
  });
});
