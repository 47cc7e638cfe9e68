import { createCipheriv, createDecipheriv, createHmac, randomBytes } from "node:crypto";

// Personal data (phones, ID numbers) are encrypted at rest with AES-256-GCM and looked up by an HMAC,
// so equal phones can be matched (repeat complaints) without storing them in clear.
export interface PersonalData {
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
  lookupHash(value: string): string;
}

export function personalData(key: Buffer): PersonalData {
  const hmacKey = createHmac("sha256", key).update("lookup").digest();
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
      return `v1.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url")}`;
    },
    decrypt(sealed) {
      const raw = Buffer.from(sealed.replace(/^v1\./, ""), "base64url");
      const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
    },
    lookupHash(value) {
      return createHmac("sha256", hmacKey).update(normalizePhone(value)).digest("hex");
    },
  };
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
