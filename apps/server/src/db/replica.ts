import type { FastifyInstance, FastifyRequest } from "fastify";
import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient } from "kysely";
import pg from "pg";
import type { AppContext } from "../context";
import type { Db } from "./database";
import type { Database } from "./schema";

/** After a replica connection fails, reads go to the primary for this long before trying it again. */
export const REPLICA_RETRY_MS = 5_000;
/** A user who has just written reads from the primary for this long (read-your-writes). */
export const FRESH_MS = 10_000;
const FRESH_COOKIE = "fq_fresh";

/**
 * A pool that hands out replica connections, or primary ones while the replica is unreachable:
 * a dashboard must not fail because a standby is being rebuilt. A failed replica is retried every
 * REPLICA_RETRY_MS; meanwhile nothing waits on it.
 */
class FallbackPool implements PostgresPool {
  private downUntil = 0;
  constructor(
    private readonly replica: pg.Pool,
    private readonly primary: pg.Pool,
    private readonly onFallback: (err: Error) => void,
  ) {}

  async connect(): Promise<PostgresPoolClient> {
    if (Date.now() >= this.downUntil) {
      try {
        return await this.replica.connect();
      } catch (err) {
        this.downUntil = Date.now() + REPLICA_RETRY_MS;
        this.onFallback(err as Error);
      }
    }
    return this.primary.connect();
  }

  async end() {
    await Promise.all([this.replica.end(), this.primary.end()]);
  }
}

/**
 * The read-only Kysely for `DATABASE_REPLICA_URL` (application_name fengqiao-replica, so the standby's
 * pg_stat_activity shows who reads there), falling back to `primaryUrl`.
 */
export function createReplicaDb(
  replicaUrl: string,
  primaryUrl: string,
  o: { max?: number; onFallback?: (err: Error) => void } = {},
): Db {
  const pool = (url: string, name: string, max: number) => {
    // A standby that does not answer within 2 s is treated as down: the primary answers instead.
    const p = new pg.Pool({
      connectionString: url,
      max,
      application_name: name,
      connectionTimeoutMillis: 2_000,
    });
    p.on("error", () => {});
    p.on("connect", (client) => client.on("error", () => {})); // see createDb

    return p;
  };
  const max = o.max ?? 10;
  const fallback = new FallbackPool(
    pool(replicaUrl, "fengqiao-replica", max),
    pool(primaryUrl, "fengqiao-replica-fallback", Math.max(2, Math.floor(max / 2))),
    o.onFallback ?? (() => {}),
  );
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool: fallback }) });
}

/**
 * The database for reads that tolerate a few seconds of lag (lists, dashboards, exports): the replica
 * when one is configured, except for a user who wrote within FRESH_MS — they read the primary so
 * their own new case is in their list.
 */
export function readDbFor(ctx: AppContext, req: FastifyRequest): Db {
  if (ctx.readDb === ctx.db) return ctx.db;
  const fresh = Number(req.cookies[FRESH_COOKIE] ?? 0);
  return fresh > Date.now() ? ctx.db : ctx.readDb;
}

/** Marks a successful write's author fresh (a short cookie) so their next reads see it. */
export function registerReadYourWrites(app: FastifyInstance, ctx: AppContext) {
  if (ctx.readDb === ctx.db) return;
  app.addHook("onSend", async (req, reply) => {
    // Only staff reads go to the replica: a citizen's or an Open311 client's write needs no mark.
    if (!req.user || ["GET", "HEAD", "OPTIONS"].includes(req.method) || reply.statusCode >= 400) return;
    reply.setCookie(FRESH_COOKIE, String(Date.now() + FRESH_MS), {
      path: "/",
      httpOnly: true,
      sameSite: "lax",
      // Set after the security headers' onSend ran: mark it Secure here when the request came over TLS.
      secure: ctx.config.env === "production" ? true : "auto",
      maxAge: Math.ceil(FRESH_MS / 1000),
    });
  });
}
