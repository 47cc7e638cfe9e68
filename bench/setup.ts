import path from "node:path";
import { hash } from "@node-rs/argon2";
import pg from "pg";
import { appContext } from "../apps/server/src/bootstrap";
import { loadConfig } from "../apps/server/src/config";
import { createDb } from "../apps/server/src/db/database";
import { type EmbeddedServer, startEmbeddedPostgres } from "../apps/server/src/db/embedded";
import { migrate } from "../apps/server/src/db/migrate";
import { ensureDefaultPolicies } from "../apps/server/src/modules/policies/rules";

export const PASSWORD = "bench-password";

let embedded: EmbeddedServer | null = null;

/**
 * The server every benchmark of this process uses: DATABASE_URL's, or the embedded one in
 * ./data/bench-pg, started once and stopped by `stopBenchServer` after the last benchmark. (Stopping
 * it after each benchmark killed connections a pool was still closing: 57P01 in the next one.)
 */
async function benchServerUrl(): Promise<string> {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  embedded ??= await startEmbeddedPostgres(path.resolve(process.env.BENCH_PG_DIR ?? "data/bench-pg"));
  return embedded.url("postgres");
}

export async function stopBenchServer() {
  const server = embedded;
  embedded = null;
  await server?.stop();
}

/** A fresh database for one benchmark; `close` ends its connections, the server stays up. */
export async function benchDatabase(name: string) {
  const adminUrl = await benchServerUrl();
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  await migrate(url);
  const db = createDb(url, 20);
  await ensureDefaultPolicies(db);
  const config = {
    ...loadConfig({ NODE_ENV: "test", FENGQIAO_TEST_CLOCK: "1", FENGQIAO_SECRET_KEY: "cd".repeat(32) }),
    databaseUrl: url,
  };
  const ctx = appContext(config, db);
  return {
    ctx,
    url,
    close: () => db.destroy(),
  };
}

/** County 629901 with `townships` townships × 10 villages × 10 grids; returns the grid codes. */
export async function benchRegions(url: string, townships: number) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(`INSERT INTO regions (code, parent_code, level, name, path) VALUES
    ('620000', NULL, 'province', '甘肃省', '620000'),
    ('629900', '620000', 'city', '测试市', '620000.629900'),
    ('629901', '629900', 'county', '测试县', '620000.629900.629901')`);
  await c.query(`
    INSERT INTO regions (code, parent_code, level, name, path)
    SELECT '629901' || (100 + t), '629901', 'township', '乡镇' || t, '620000.629900.629901.629901' || (100 + t)
    FROM generate_series(0, ${townships - 1}) t`);
  await c.query(`
    INSERT INTO regions (code, parent_code, level, name, path)
    SELECT r.code || (200 + v), r.code, 'village', r.name || '村' || v, r.path || '.' || r.code || (200 + v)
    FROM regions r, generate_series(0, 9) v WHERE r.level = 'township'`);
  await c.query(`
    INSERT INTO regions (code, parent_code, level, name, path)
    SELECT r.code || lpad(g::text, 3, '0'), r.code, 'grid', r.name || '网格' || g, r.path || '.' || r.code || lpad(g::text, 3, '0')
    FROM regions r, generate_series(1, 10) g WHERE r.level = 'village'`);
  const grids = await c.query<{ code: string; path: string }>(
    "SELECT code, path FROM regions WHERE level = 'grid' ORDER BY code",
  );
  await c.end();
  return grids.rows;
}

export async function benchUser(url: string, username: string, roles: string[], region: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(
    "INSERT INTO users (username, display_name, password_hash, roles, region_code) VALUES ($1, $1, $2, $3, $4)",
    [username, await hash(PASSWORD), roles, region],
  );
  await c.end();
}

/**
 * Bulk-loads `n` cases straight in SQL (the fixture, not the thing measured): spread over the grids
 * (under `gridsUnder` when given), over the last year, each with a step clock due at `dueAt`, or
 * 1–3 days ahead when null. `spreadSteps` puts them on all four rungs instead of the first.
 * `openShare` (default 1) leaves that share open and closes the rest, without clocks: a year's
 * cases are mostly closed (about 1 in 20 open for a ladder of days), which is what lists scan past.
 */
export async function bulkCases(
  url: string,
  n: number,
  o: { dueAt: Date | null; prefix: string; gridsUnder?: string; spreadSteps?: boolean; openShare?: number },
) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const chunk = 100_000;
  for (let start = 0; start < n; start += chunk) {
    const count = Math.min(chunk, n - start);
    await c.query(
      `
      WITH g AS (SELECT array_agg(code ORDER BY code) AS codes, array_agg(path ORDER BY code) AS paths
        FROM regions WHERE level = 'grid' AND ($5::text IS NULL OR path LIKE '%' || $5 || '%')),
      s AS (SELECT i, (i % array_length(g.codes, 1)) + 1 AS gi, CASE WHEN $6 THEN 1 + i % 4 ELSE 1 END AS st, g.*
        FROM g, generate_series($1::int, $1::int + $2::int - 1) i),
      ins AS (
        INSERT INTO cases (id, code, channel, category, title, description, search, region_code, region_path, policy_key,
          status, step, step_count, warning, step_due_at, overall_due_at, last_event_hash, event_count, created_at, updated_at)
        SELECT gen_random_uuid(), $3 || '-' || lpad(i::text, 9, '0'), 'hotline',
          (ARRAY['neighbour','labour','contract','housing_homestead','pollution'])[1 + i % 5],
          '纠纷' || i, '测试描述 邻居 噪音 欠薪', to_tsvector('simple', '纠纷 邻居 噪音 欠薪 测试'),
          codes[gi], paths[gi], 'siji-qitian',
          CASE WHEN (hashint4(i) & 1023) < $7::float8 * 1024 THEN (ARRAY['submitted','accepted','mediating'])[1 + i % 3] ELSE 'closed' END,
          st, 4, 'blue',
          coalesce($4::timestamptz, now() + interval '1 day' + (i % 48) * interval '1 hour'),
          now() + interval '7 days', repeat('0', 64), 0,
          now() - (i % 365) * interval '1 day' - (i % 1440) * interval '1 minute', now()
        FROM s
        RETURNING id, step, step_due_at, status
      )
      INSERT INTO clocks (case_id, kind, step, started_at, due_at, warn_at, basis)
      SELECT id, 'step', step, step_due_at - interval '1 day', step_due_at, step_due_at - interval '6 hours',
        'siji-qitian:' || (ARRAY['jiedan','zutuan','huizhen','paiban'])[step]
      FROM ins WHERE status <> 'closed'`,
      [start, count, o.prefix, o.dueAt, o.gridsUnder ?? null, o.spreadSteps ?? false, o.openShare ?? 1],
    );
  }
  await c.query("ANALYZE");
  await c.end();
}
