import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from "@fastify/rate-limit";
import type { FastifyRequest } from "fastify";
import { sql } from "kysely";
import type { Db } from "../db/database";

type Result = { current: number; ttl: number };
type Callback = (error: Error | null, result?: Result) => void;

// One delete of finished windows per this many counts keeps the table at about the live keys.
const SWEEP_EVERY = 500;

/**
 * @fastify/rate-limit's counters in PostgreSQL (table rate_limits, migration 0015), so N processes
 * behind one proxy share one limit per route and client instead of each granting its own. A fixed
 * window counted by one upsert; the window is the database's clock, the same for every process.
 */
export function pgRateLimitStore(db: Db): FastifyRateLimitStoreCtor {
  let counted = 0;
  class PgStore implements FastifyRateLimitStore {
    constructor(
      _options: unknown,
      private readonly route = "*",
    ) {}

    incr(key: string, cb: Callback, timeWindow: number, _max: number) {
      counted += 1;
      if (counted % SWEEP_EVERY === 0) void this.sweep();
      sql<{ hits: number; ttl: number }>`
        INSERT INTO rate_limits AS r (key, window_start, hits) VALUES (${`${this.route} ${key}`}, now(), 1)
        ON CONFLICT (key) DO UPDATE SET
          hits = CASE WHEN r.window_start + make_interval(secs => ${timeWindow} / 1000.0) <= now()
                      THEN 1 ELSE r.hits + 1 END,
          window_start = CASE WHEN r.window_start + make_interval(secs => ${timeWindow} / 1000.0) <= now()
                              THEN now() ELSE r.window_start END
        RETURNING hits,
          ceil(extract(epoch FROM window_start + make_interval(secs => ${timeWindow} / 1000.0) - now()) * 1000)::int AS ttl`
        .execute(db)
        .then(
          (r) => {
            const row = r.rows[0];
            cb(null, { current: row?.hits ?? 1, ttl: Math.max(0, row?.ttl ?? timeWindow) });
          },
          (err: Error) => cb(err),
        );
    }

    child(routeOptions: { method?: string | string[]; url?: string }): FastifyRateLimitStore {
      const method = [routeOptions.method ?? "*"].flat().join(",");
      return new PgStore(undefined, `${method} ${routeOptions.url ?? "*"}`);
    }

    private async sweep() {
      // The longest window in use is 1 hour; a day leaves room for any future one.
      await sql`DELETE FROM rate_limits WHERE window_start < now() - interval '1 day'`
        .execute(db)
        .catch(() => {});
    }
  }
  return PgStore as unknown as FastifyRateLimitStoreCtor;
}

/**
 * A route's limit per signed-in person, per address for a request without a session. The staff of a
 * township office reach us from one address behind its NAT (or one proxy): a limit per address would
 * let one person's PDFs or exports lock out the whole office. Counted once the session is read.
 */
export const perPerson = (max: number, timeWindow: string) => ({
  rateLimit: {
    max,
    timeWindow,
    hook: "preHandler" as const,
    keyGenerator: (req: FastifyRequest) => (req.user ? `user:${req.user.userId}` : `ip:${req.ip}`),
  },
});
