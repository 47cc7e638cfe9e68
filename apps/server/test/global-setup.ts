import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "../src/db/embedded";
import { migrate } from "../src/db/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplate: string;
  }
}

const TEMPLATE = "fengqiao_test_template";

/**
 * One PostgreSQL server for the whole run: the embedded one (default) or TEST_DATABASE_URL
 * (CI also runs the suite against Debian's PostgreSQL 15). A migrated template database is built
 * once; every test file clones its own database from it.
 */
export default async function setup(project: TestProject) {
  let stop = async () => {};
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const server = await startEmbeddedPostgres(path.resolve("data/test-pg"));
    adminUrl = server.url("postgres");
    stop = server.stop;
  }
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  const old = await client.query<{ datname: string }>(
    "SELECT datname FROM pg_database WHERE datname LIKE 'fq_t_%' OR datname = $1",
    [TEMPLATE],
  );
  // Leftovers of earlier runs; a database still in use by a concurrent run is left alone.
  for (const r of old.rows) {
    if (r.datname !== TEMPLATE) await client.query(`DROP DATABASE IF EXISTS "${r.datname}"`).catch(() => {});
  }
  await client.query(`DROP DATABASE IF EXISTS ${TEMPLATE}`).catch(() => {});
  const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [TEMPLATE]);
  if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${TEMPLATE}`);
  await client.end();
  await migrate(withDatabase(adminUrl, TEMPLATE));
  project.provide("pgAdminUrl", adminUrl);
  project.provide("pgTemplate", TEMPLATE);
  return async () => {
    await stop();
  };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
