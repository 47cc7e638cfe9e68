import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { z } from "zod";
import { deriveLookupKey, type Keyring } from "./lib/personal-data";

// Config is parsed once, here; nothing else reads process.env.
const ZEnv = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("127.0.0.1"),
  DATABASE_URL: z.string().url().optional(),
  DATABASE_REPLICA_URL: z.string().url().optional(),
  FENGQIAO_DATA_DIR: z.string().default("./data"),
  FENGQIAO_SECRET_KEY: z
    .string()
    .regex(/^[0-9a-f]{64}$/i, "FENGQIAO_SECRET_KEY must be 64 hex characters (32 bytes)")
    .optional(),
  FENGQIAO_SECRET_KEY_VERSION: z.coerce.number().int().min(1).max(999).default(1),
  FENGQIAO_OLD_SECRET_KEYS: z.string().default(""),
  FENGQIAO_LOOKUP_KEY: z
    .string()
    .regex(/^[0-9a-f]{64}$/i, "FENGQIAO_LOOKUP_KEY must be 64 hex characters (32 bytes)")
    .optional(),
  FENGQIAO_RETENTION_YEARS: z.coerce.number().min(0).max(100).default(3),
  FENGQIAO_PG_BIN: z.string().optional(),
  FENGQIAO_TEST_CLOCK: z.enum(["0", "1"]).default("0"),
  FENGQIAO_SWEEP_MS: z.coerce.number().int().min(50).default(5000),
  FENGQIAO_JOBS: z.enum(["0", "1"]).default("1"),
  FENGQIAO_PUBLIC_URL: z.string().url().optional(),
  FENGQIAO_NOTIFY_ADAPTER: z.enum(["log", "webhook"]).default("log"),
  FENGQIAO_NOTIFY_WEBHOOK_URL: z.string().url().optional(),
  FENGQIAO_UPLOAD_DIR: z.string().optional(),
  FENGQIAO_UPLOAD_STORE: z.enum(["local", "s3"]).default("local"),
  FENGQIAO_S3_ENDPOINT: z.string().url().optional(),
  FENGQIAO_S3_REGION: z.string().min(1).default("us-east-1"),
  FENGQIAO_S3_BUCKET: z.string().min(1).optional(),
  FENGQIAO_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  FENGQIAO_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  FENGQIAO_S3_FORCE_PATH_STYLE: z.enum(["0", "1"]).default("1"),
  FENGQIAO_TRUST_PROXY: z.string().default(""),
  FENGQIAO_DEVICE_SESSION_DAYS: z.coerce.number().int().min(1).max(366).default(90),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export interface Config {
  env: "development" | "production" | "test";
  port: number;
  host: string;
  /** null = run the embedded PostgreSQL server in `dataDir/pg`. */
  databaseUrl: string | null;
  /** A streaming replica for lists, dashboards and exports (db/replica.ts); null = all on the primary. */
  replicaUrl: string | null;
  dataDir: string;
  /** 32-byte key for personal data at rest (AES-256-GCM) and lookup hashes. */
  secretKey: Buffer;
  /** The current key (secretKey, version FENGQIAO_SECRET_KEY_VERSION) and older keys kept for reading. */
  keyring: Keyring;
  /** Closed cases' personal data and photos are anonymised this many years after closing (0 = never). */
  retentionYears: number;
  /** Where to look first for pg_dump/pg_restore of the server's major version (FENGQIAO_PG_BIN). */
  pgBinDir: string | null;
  testClock: boolean;
  sweepIntervalMs: number;
  /** Run the clock sweep, outbox and rollups here (default); `FENGQIAO_JOBS=0` = serve HTTP only. */
  jobs: boolean;
  publicUrl: string | null;
  logLevel: string;
  /** Where notices (SMS, cadre alerts) go: the log, or a webhook that fronts an SMS gateway. */
  notifyAdapter: "log" | "webhook";
  notifyWebhookUrl: string | null;
  /** Citizen photos, EXIF-stripped; default `dataDir/uploads`. */
  uploadDir: string;
  /** Where photos are kept: `uploadDir` on local disk, or an S3-compatible bucket (`s3`). */
  uploadStore: "local" | "s3";
  /** Set when uploadStore is "s3". */
  s3: S3Config | null;
  /** 码上反映: how soon a cadre must call a QR reporter back (ISO-8601). */
  /**
   * Which X-Forwarded-For hops to believe: false = none (the socket address is the client),
   * a number = that many proxies in front, a list = proxies at these addresses/CIDRs.
   */
  trustProxy: TrustProxy;
  /** How long a device session of the field app lives (days) before its owner logs in again. */
  deviceSessionDays: number;
}

export type TrustProxy = false | number | string[];

export interface S3Config {
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** `endpoint/bucket/key` (MinIO and most self-hosted servers) rather than `bucket.endpoint/key`. */
  forcePathStyle: boolean;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ZEnv.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  const testClock = e.FENGQIAO_TEST_CLOCK === "1";
  if (e.FENGQIAO_NOTIFY_ADAPTER === "webhook" && !e.FENGQIAO_NOTIFY_WEBHOOK_URL) {
    throw new Error("FENGQIAO_NOTIFY_ADAPTER=webhook needs FENGQIAO_NOTIFY_WEBHOOK_URL");
  }
  const s3 = e.FENGQIAO_UPLOAD_STORE === "s3" ? s3Config(e) : null;
  if (testClock && e.NODE_ENV === "production") {
    throw new Error("FENGQIAO_TEST_CLOCK=1 is refused when NODE_ENV=production");
  }
  const dataDir = path.resolve(e.FENGQIAO_DATA_DIR);
  const secretKey = e.FENGQIAO_SECRET_KEY
    ? Buffer.from(e.FENGQIAO_SECRET_KEY, "hex")
    : localSecretKey(dataDir, e.NODE_ENV);
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL ?? null,
    replicaUrl: e.DATABASE_REPLICA_URL ?? null,
    dataDir,
    secretKey,
    keyring: parseKeyring(
      secretKey,
      e.FENGQIAO_SECRET_KEY_VERSION,
      e.FENGQIAO_OLD_SECRET_KEYS,
      e.FENGQIAO_LOOKUP_KEY,
    ),
    retentionYears: e.FENGQIAO_RETENTION_YEARS,
    pgBinDir: e.FENGQIAO_PG_BIN ?? null,
    testClock,
    sweepIntervalMs: e.FENGQIAO_SWEEP_MS,
    jobs: e.FENGQIAO_JOBS === "1",
    publicUrl: e.FENGQIAO_PUBLIC_URL ?? null,
    logLevel: e.LOG_LEVEL,
    notifyAdapter: e.FENGQIAO_NOTIFY_ADAPTER,
    notifyWebhookUrl: e.FENGQIAO_NOTIFY_WEBHOOK_URL ?? null,
    uploadDir: e.FENGQIAO_UPLOAD_DIR ? path.resolve(e.FENGQIAO_UPLOAD_DIR) : path.join(dataDir, "uploads"),
    uploadStore: e.FENGQIAO_UPLOAD_STORE,
    s3,
    trustProxy: parseTrustProxy(e.FENGQIAO_TRUST_PROXY),
    deviceSessionDays: e.FENGQIAO_DEVICE_SESSION_DAYS,
  };
}

/**
 * FENGQIAO_SECRET_KEY is the current key, FENGQIAO_SECRET_KEY_VERSION its number (1 until the first
 * rotation); FENGQIAO_OLD_SECRET_KEYS="1:<hex>,2:<hex>" are kept for reading while a rotation runs.
 * The lookup key must not change (hash-only columns), so once v1 is gone it must be given.
 */
export function parseKeyring(current: Buffer, version: number, old: string, lookupHex?: string): Keyring {
  const keys = new Map<number, Buffer>();
  for (const item of old
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean)) {
    const m = /^(\d{1,3}):([0-9a-f]{64})$/i.exec(item);
    if (!m)
      throw new Error("FENGQIAO_OLD_SECRET_KEYS: expected <version>:<64 hex>, comma-separated (e.g. 1:ab…)");
    const v = Number(m[1]);
    if (v === version) throw new Error(`FENGQIAO_OLD_SECRET_KEYS repeats the current version v${version}`);
    keys.set(v, Buffer.from(m[2] as string, "hex"));
  }
  keys.set(version, current);
  const v1 = keys.get(1);
  if (!lookupHex && !v1) {
    throw new Error(
      "FENGQIAO_LOOKUP_KEY is required once the v1 key is retired: print it with `fengqiao keys lookup-key` " +
        "while the v1 key is still configured, and keep it (lookup hashes must not change)",
    );
  }
  const lookupKey = lookupHex ? Buffer.from(lookupHex, "hex") : deriveLookupKey(v1 as Buffer);
  return { keys, current: version, lookupKey };
}

// proxy-addr's names for whole address ranges, accepted as list items too.
const RANGE_NAMES = new Set(["loopback", "linklocal", "uniquelocal"]);

/**
 * Off unless configured: trusting X-Forwarded-For from anyone lets every client pick its own
 * address and so escape every per-IP limit.
 */
export function parseTrustProxy(raw: string): TrustProxy {
  const v = raw.trim();
  if (v === "" || v === "0" || v === "false") return false;
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    if (hops > 10) throw new Error("FENGQIAO_TRUST_PROXY: a hop count is 1–10");
    return hops;
  }
  const items = v.split(",").map((x) => x.trim());
  for (const item of items) {
    if (!isAddressOrCidr(item)) {
      throw new Error(
        `FENGQIAO_TRUST_PROXY: "${item}" is neither a hop count nor an IP address or CIDR (e.g. 1, or 10.0.0.0/8,127.0.0.1)`,
      );
    }
  }
  return items;
}

function isAddressOrCidr(item: string): boolean {
  if (RANGE_NAMES.has(item)) return true;
  const [addr = "", prefix, extra] = item.split("/");
  const family = net.isIP(addr);
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

function s3Config(e: z.infer<typeof ZEnv>): S3Config {
  const required = {
    FENGQIAO_S3_ENDPOINT: e.FENGQIAO_S3_ENDPOINT,
    FENGQIAO_S3_BUCKET: e.FENGQIAO_S3_BUCKET,
    FENGQIAO_S3_ACCESS_KEY_ID: e.FENGQIAO_S3_ACCESS_KEY_ID,
    FENGQIAO_S3_SECRET_ACCESS_KEY: e.FENGQIAO_S3_SECRET_ACCESS_KEY,
  };
  const missing = Object.entries(required)
    .filter(([, v]) => !v)
    .map(([k]) => k);
  if (missing.length > 0) throw new Error(`FENGQIAO_UPLOAD_STORE=s3 needs ${missing.join(", ")}`);
  return {
    endpoint: e.FENGQIAO_S3_ENDPOINT as string,
    region: e.FENGQIAO_S3_REGION,
    bucket: e.FENGQIAO_S3_BUCKET as string,
    accessKeyId: e.FENGQIAO_S3_ACCESS_KEY_ID as string,
    secretAccessKey: e.FENGQIAO_S3_SECRET_ACCESS_KEY as string,
    forcePathStyle: e.FENGQIAO_S3_FORCE_PATH_STYLE === "1",
  };
}

// Zero set-up: outside production a key is generated once and kept in the data folder.
function localSecretKey(dataDir: string, env: string): Buffer {
  if (env === "production") throw new Error("FENGQIAO_SECRET_KEY is required in production");
  const file = path.join(dataDir, "secret.key");
  if (existsSync(file)) return Buffer.from(readFileSync(file, "utf8").trim(), "hex");
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key.toString("hex"), { mode: 0o600 });
  return key;
}
