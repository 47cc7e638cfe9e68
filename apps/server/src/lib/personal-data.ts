import { createCipheriv, createDecipheriv, createHmac, randomBytes } from "node:crypto";

// Personal data (phones, ID numbers, names of household members…) are encrypted at rest with
// AES-256-GCM and looked up by an HMAC, so equal phones can be matched (repeat complaints) without
// storing them in clear.
//
// A sealed value names the key that sealed it: `v<N>.<base64url(iv | tag | body)>`. The keyring has
// one current key (new values) and, during a rotation, older keys for reading only; `fengqiao keys
// rotate` re-seals every value with the current key, after which the old key is dropped from the
// configuration and values sealed with it are refused with a clear error.
//
// The lookup HMAC does NOT follow the encryption key: several tables keep only the hash (petitions,
// window tickets and intakes) with no sealed value to recompute it from, and repeat-complaint
// matching compares hashes across years. So the lookup key is fixed once (derived from the v1 key,
// or FENGQIAO_LOOKUP_KEY) and survives every rotation.
export interface PersonalData {
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
  lookupHash(value: string): string;
  /** The version new values are sealed with. */
  readonly currentVersion: number;
  /** The key version a sealed value names (1 for legacy values without a prefix). */
  versionOf(sealed: string): number;
  /** The value sealed with the current key (unchanged if it already is). */
  reseal(sealed: string): string;
  /** HMAC with a key derived from the lookup key: stable across rotations (backup manifests). */
  mac(data: string | Buffer): string;
}

export interface Keyring {
  /** Version → 32-byte key; `current` must be present. */
  keys: Map<number, Buffer>;
  current: number;
  /** 32-byte HMAC key for lookup hashes. */
  lookupKey: Buffer;
}

/** The lookup key every deployment has used so far: derived from the v1 key. */
export const deriveLookupKey = (v1Key: Buffer): Buffer =>
  createHmac("sha256", v1Key).update("lookup").digest();

/** A value sealed with a key this process no longer holds (retired after a rotation). */
export class RetiredKeyError extends Error {
  constructor(readonly version: number) {
    super(
      `personal data sealed with key v${version}, which is not configured: it was retired after a rotation ` +
        `(run \`fengqiao keys rotate\` with FENGQIAO_OLD_SECRET_KEYS=${version}:<hex> to re-seal it) / ` +
        `该个人信息使用已停用的密钥 v${version} 加密`,
    );
    this.name = "RetiredKeyError";
  }
}

const SEALED = /^v(\d+)\.(.+)$/s;

// Fresh random 96-bit IVs, drawn from the CSPRNG 4,096 at a time: one randomBytes call per value cost
// more than the AES itself (a county import seals ~500,000 values; the profile showed randomFillSync
// as the import's largest CPU cost). Each IV is still used once and still random, as GCM needs (an
// IV is not secret: it is stored beside the ciphertext).
const IV_BYTES = 12;
const IV_POOL = 4096;
let ivPool = Buffer.alloc(0);
let ivAt = 0;
function nextIv(): Buffer {
  if (ivAt + IV_BYTES > ivPool.length) {
    ivPool = randomBytes(IV_BYTES * IV_POOL);
    ivAt = 0;
  }
  const iv = Buffer.from(ivPool.subarray(ivAt, ivAt + IV_BYTES));
  ivAt += IV_BYTES;
  return iv;
}

export function personalData(keyOrRing: Buffer | Keyring): PersonalData {
  const ring: Keyring = Buffer.isBuffer(keyOrRing)
    ? { keys: new Map([[1, keyOrRing]]), current: 1, lookupKey: deriveLookupKey(keyOrRing) }
    : keyOrRing;
  const currentKey = ring.keys.get(ring.current);
  if (!currentKey) throw new Error(`the keyring has no key for its current version v${ring.current}`);
  const macKey = createHmac("sha256", ring.lookupKey).update("backup-manifest").digest();
  const versionOf = (sealed: string) => Number(SEALED.exec(sealed)?.[1] ?? 1);
  const pd: PersonalData = {
    currentVersion: ring.current,
    versionOf,
    encrypt(plain) {
      const iv = nextIv();
      const cipher = createCipheriv("aes-256-gcm", currentKey, iv);
      const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
      return `v${ring.current}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url")}`;
    },
    decrypt(sealed) {
      const m = SEALED.exec(sealed);
      const version = m ? Number(m[1]) : 1;
      const key = ring.keys.get(version);
      if (!key) throw new RetiredKeyError(version);
      const raw = Buffer.from(m ? (m[2] as string) : sealed, "base64url");
      const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
    },
    reseal(sealed) {
      return versionOf(sealed) === ring.current ? sealed : pd.encrypt(pd.decrypt(sealed));
    },
    lookupHash(value) {
      return createHmac("sha256", ring.lookupKey).update(normalizePhone(value)).digest("hex");
    },
    mac(data) {
      return createHmac("sha256", macKey).update(data).digest("hex");
    },
  };
  return pd;
}

export function normalizePhone(phone: string): string {
  return phone.replace(/[\s-]/g, "").replace(/^\+?86(?=1\d{10}$)/, "");
}

/** 138****5678 — the form personal numbers take in lists, exports and logs. */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return null;
  const p = normalizePhone(phone);
  if (p.length <= 4) return "*".repeat(p.length);
  if (p.length < 8) return `${"*".repeat(p.length - 4)}${p.slice(-4)}`;
  return `${p.slice(0, 3)}${"*".repeat(p.length - 7)}${p.slice(-4)}`;
}

/** 6201**********1234 — ID card numbers keep the province and the last four. */
export function maskIdNumber(id: string | null): string | null {
  if (!id) return null;
  if (id.length <= 8) return "*".repeat(id.length);
  return `${id.slice(0, 4)}${"*".repeat(id.length - 8)}${id.slice(-4)}`;
}

export function maskName(name: string | null): string | null {
  if (!name) return null;
  const chars = Array.from(name);
  return chars.length <= 1 ? "*" : `${chars[0]}${"*".repeat(chars.length - 1)}`;
}
