import pg from "pg";

export const SESSIONS_CHANNEL = "fq_sessions";
const RECONNECT_MS = 1_000;

export interface SessionListener {
  /** True while LISTEN is in place: only then may a process trust its session cache. */
  readonly live: () => boolean;
  stop: () => Promise<void>;
}

/**
 * Keeps one connection LISTENing on fq_sessions (notified by triggers of migration 0015 when a user
 * is disabled or changed, or a session deleted) and calls `forget(userId)` for each notice. While the
 * connection is down nothing can be heard, so `live()` is false and the caller must not cache;
 * after a reconnect `forgetAll` drops whatever was cached before, since notices may have been missed.
 */
export function listenForRevocations(
  connectionString: string,
  o: { forget: (userId: string) => void; forgetAll: () => void },
): SessionListener {
  let client: pg.Client | null = null;
  let live = false;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;

  const retry = () => {
    live = false;
    client = null;
    if (!stopped && !timer) {
      timer = setTimeout(() => {
        timer = null;
        void connect();
      }, RECONNECT_MS);
      timer.unref();
    }
  };

  const connect = async () => {
    const c = new pg.Client({ connectionString, application_name: "fengqiao-sessions" });
    c.on("error", () => c.end().catch(() => {}));
    c.on("end", () => {
      if (client === c) retry();
    });
    c.on("notification", (n) => {
      if (n.channel === SESSIONS_CHANNEL && n.payload) o.forget(n.payload);
    });
    client = c;
    try {
      await c.connect();
      await c.query(`LISTEN ${SESSIONS_CHANNEL}`);
      if (stopped) return void (await c.end().catch(() => {}));
      o.forgetAll();
      live = true;
    } catch {
      await c.end().catch(() => {});
      if (client === c) retry();
    }
  };

  void connect();
  return {
    live: () => live,
    stop: async () => {
      stopped = true;
      live = false;
      if (timer) clearTimeout(timer);
      const c = client;
      client = null;
      await c?.end().catch(() => {});
    },
  };
}
