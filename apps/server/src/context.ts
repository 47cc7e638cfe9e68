import type { Config } from "./config";
import type { Db } from "./db/database";
import type { ServerClock } from "./lib/clock";
import type { PersonalData } from "./lib/personal-data";
import type { Rules } from "./modules/policies/rules";

/** What every route, command and job needs, built once at start-up. */
export interface AppContext {
  config: Config;
  db: Db;
  /** Reads that tolerate a few seconds of lag: the streaming replica (DATABASE_REPLICA_URL), else `db`. */
  readDb: Db;
  clock: ServerClock;
  pd: PersonalData;
  rules: Rules;
}
