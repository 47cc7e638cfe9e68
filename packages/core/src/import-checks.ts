// Field checks for the county import: the forms Chinese records take (phones, 居民身份证号码).

const NEEDS_FOLD = /[\u3000\uFF01-\uFF5E]/;

/** Full-width digits, letters and dashes (typed with a Chinese IME) read as their ASCII forms. */
export function halfWidth(s: string): string {
  // Most cells have nothing to fold: one scan instead of two replacements (200,000 rows × 10 cells).
  if (!NEEDS_FOLD.test(s)) return s;
  return s
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, " ");
}

/** A cell's text, trimmed, full-width folded. */
export const cleanCell = (v: string | undefined | null): string => halfWidth(v ?? "").trim();

/** 13800001234, +86 138 0000 1234, 0936-8212345, 09368212345: mobile (11 digits from 1[3-9]) or landline. */
export function normalizePhoneCell(raw: string): string | null {
  const p = raw.replace(/[\s()（）]/g, "").replace(/^\+?86(?=1\d{10}$)/, "");
  if (/^1[3-9]\d{9}$/.test(p)) return p;
  // Landline: area code 0 + 2–3 digits, number 7–8 digits, optional extension.
  const m = /^(0\d{2,3})-?(\d{7,8})(?:-(\d{1,6}))?$/.exec(p);
  if (m) return `${m[1]}-${m[2]}${m[3] ? `-${m[3]}` : ""}`;
  return null;
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = "10X98765432";

/** GB 11643-1999 check character (ISO 7064 MOD 11-2) of the first 17 digits. */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] as number);
  return CHECK[sum % 11] as string;
}

const leap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export type IdProblem = "format" | "birth" | "check";

/** null when the 18-character number is well formed: digits, a real birth date, its check character. */
export function idNumberProblem(id: string, maxBirthYear: number): IdProblem | null {
  if (!/^[1-9]\d{16}[\dX]$/.test(id)) return "format";
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const days = m === 2 && leap(y) ? 29 : (DAYS[m - 1] ?? 0);
  if (y < 1890 || y > maxBirthYear || m < 1 || m > 12 || d < 1 || d > days) return "birth";
  return idCheckChar(id) === id[17] ? null : "check";
}

/** 独居老人、留守儿童 / 独居老人,留守儿童 / 独居老人；留守儿童 — distinct, in order. */
export function splitList(raw: string): string[] {
  return [
    ...new Set(
      raw
        .split(/[,，、;；/\s]+/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}

export const CODE_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/;
export const USERNAME_RE = /^[a-zA-Z0-9_.-]{3,50}$/;
/** 户编号: the county's own, often with Chinese letters in it (梁家墩-0001); no spaces. */
export const HOUSEHOLD_CODE_RE = /^\S{1,40}$/u;
