import path from "node:path";
import type { Config } from "./config";
import type { AppContext } from "./context";
import { createDb, type Db } from "./db/database";
import { type EmbeddedServer, startEmbeddedPostgres } from "./db/embedded";
import { migrate } from "./db/migrate";
import { createReplicaDb } from "./db/replica";
import { serverClock } from "./lib/clock";
import { personalData } from "./lib/personal-data";
import { ensureDefaultPolicies, rulesCache } from "./modules/policies/rules";
import { fillMissingPinyin } from "./modules/regions/regions.search";

export interface Runtime {
  ctx: AppContext;
  databaseUrl: string;
  close: () => Promise<void>;
}

/** Connects to PostgreSQL (embedded unless DATABASE_URL is set), migrates, and builds the context. */
export async function bootstrap(config: Config, log: (m: string) => void = () => {}): Promise<Runtime> {
  let embedded: EmbeddedServer | null = null;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres(path.join(config.dataDir, "pg"), log);
    databaseUrl = await ensureDatabase(embedded.url("postgres"), "fengqiao", embedded.url("fengqiao"));
  }
  await migrate(databaseUrl);
  const db = createDb(databaseUrl, 20);
  await ensureDefaultPolicies(db);
  await fillMissingPinyin(db);
  const readDb = config.replicaUrl
    ? createReplicaDb(config.replicaUrl, databaseUrl, {
        onFallback: (err) => log(`replica unreachable, reading from the primary: ${err.message}`),
      })
    : db;
  const ctx = appContext(config, db, readDb);
  await ctx.clock.refresh();
  return {
    ctx,
    databaseUrl,
    close: async () => {
      if (readDb !== db) await readDb.destroy();
      await db.destroy();
      if (embedded) await embedded.stop();
    },
  };
}

/** The context every route, command and job gets: built the same way by the server, tests and benches. */
export function appContext(config: Config, db: Db, readDb: Db = db): AppContext {
  return {
    config,
    db,
    readDb,
    clock: serverClock(db, config.testClock),
    pd: personalData(config.keyring),
    rules: rulesCache(db),
  };
}

async function ensureDatabase(adminUrl: string, name: string, url: string): Promise<string> {
  const pg = (await import("pg")).default;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const r = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (r.rowCount === 0) await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  return url;
}
