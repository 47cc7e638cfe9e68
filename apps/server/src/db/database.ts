import { Kysely, PostgresDialect, type Transaction } from "kysely";
import pg from "pg";
import type { Database } from "./schema";

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;

// bigint (int8) ids and counts come back as strings by default; counts we read are small.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => v);
// Calendar dates stay "YYYY-MM-DD": a JS Date would shift them by the server's time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

// Where each Db connects: a process's side connections (LISTEN for session revocation) go there too.
const urls = new WeakMap<Db, string>();
export const connectionStringOf = (db: Db): string | undefined => urls.get(db);

export function createDb(connectionString: string, max = 10, applicationName = "fengqiao"): Db {
  // A request waits at most 15 s for a connection, then answers 503 DB_UNAVAILABLE (plugins/errors).
  const pool = new pg.Pool({
    connectionString,
    max,
    application_name: applicationName,
    connectionTimeoutMillis: 15_000,
  });
  // An idle connection dropped by the server (restart, failover) must not crash the process;
  // the pool replaces it and the next query reports any real outage.
  pool.on("error", () => {});
  // A checked-out client (mid-transaction) whose server dies emits "error" with no pool listener
  // attached: that would crash the process. Its query fails instead (503, plugins/errors.ts) and the
  // pool drops the dead client on release.
  pool.on("connect", (client) => client.on("error", () => {}));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  urls.set(db, connectionString);
  return db;
}
