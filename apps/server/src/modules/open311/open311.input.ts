import { CATEGORY_CODES, type CategoryCode, ZText } from "@fengqiao/core";
import { z } from "zod";
import { bad } from "./open311.params";

// A POST requests body, as GeoReport v2 defines it, read from a form (urlencoded or multipart).

/** Form fields as strings, and `attribute[code]` / `attribute[code][]` gathered apart. */
export interface FormBody {
  fields: Record<string, string>;
  attributes: Record<string, string | string[]>;
}

const ATTRIBUTE = /^attribute\[([^\]]{1,100})\](\[\])?$/;
const MAX_ATTRIBUTES = 50;

export function readForm(body: unknown): FormBody {
  const fields: Record<string, string> = {};
  const attributes: Record<string, string | string[]> = {};
  for (const [key, raw] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    const values = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === "string");
    const m = ATTRIBUTE.exec(key);
    if (m?.[1]) {
      if (Object.keys(attributes).length >= MAX_ATTRIBUTES) throw bad("too many attributes");
      for (const v of values) checkText(v, key, 2000);
      attributes[m[1]] = m[2] || values.length > 1 ? values : (values[0] ?? "");
    } else if (values[0] !== undefined) fields[key] = values[0];
  }
  return { fields, attributes };
}

function checkText(v: string, key: string, max: number) {
  const r = ZText.max(max).safeParse(v);
  if (!r.success) throw bad(`${key}: ${r.error.issues[0]?.message ?? "invalid"}`);
}

// An empty field is an absent one: form clients send `lat=&long=` when they have no position.
const blank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const opt = <T extends z.ZodType>(t: T) => z.preprocess(blank, t.optional());
const text = (max: number) => opt(ZText.trim().max(max));

const ZPost = z.object({
  service_code: ZText.min(1).max(50),
  description: text(4000),
  lat: opt(z.coerce.number().min(-90).max(90)),
  long: opt(z.coerce.number().min(-180).max(180)),
  address_string: text(300),
  address_id: text(100),
  first_name: text(50),
  last_name: text(50),
  email: opt(z.email().max(200)),
  phone: text(30),
  media_url: opt(z.url({ protocol: /^https?$/ }).max(2000)),
});

/**
 * A reporter's phone from anywhere: a mainland mobile as its 11 digits, a number with a country
 * code as E.164 (+44…), a local number as its digits. Only something that is no phone is refused.
 */
export function normalisePhone(raw: string): string {
  const s = raw.replace(/[\s().-]/g, "");
  const mainland = /^(?:\+86|0086|86)?(1\d{10})$/.exec(s);
  if (mainland?.[1]) return mainland[1];
  const intl = /^(?:\+|00)([1-9]\d{6,14})$/.exec(s);
  if (intl?.[1]) return `+${intl[1]}`;
  if (/^\d{5,20}$/.test(s)) return s;
  throw bad("phone: not a phone number");
}

// The area a Chinese county can serve: the bounding box of China with its islands (a point at
// 0,0 or in London is a client's mistake, not a report). Near the county is checked separately.
const CHINA = { minLat: 3, maxLat: 54, minLng: 73, maxLng: 136 };
export const inChina = (lat: number, lng: number) =>
  lat >= CHINA.minLat && lat <= CHINA.maxLat && lng >= CHINA.minLng && lng <= CHINA.maxLng;

export type PostInput = ReturnType<typeof parsePost>;

export function parsePost(form: FormBody) {
  const r = ZPost.safeParse(form.fields);
  if (!r.success) {
    const i = r.error.issues[0];
    throw bad(`${i?.path.join(".") || "request"}: ${i?.message ?? "invalid"}`);
  }
  const p = r.data;
  if (!(CATEGORY_CODES as readonly string[]).includes(p.service_code))
    throw bad(`service_code ${p.service_code} not found`);
  if ((p.lat === undefined) !== (p.long === undefined)) throw bad("lat and long must be sent together");
  const point = p.lat !== undefined && p.long !== undefined ? { lat: p.lat, lng: p.long } : null;
  if (!point && !p.address_string && !p.address_id)
    throw bad("a location is required: lat and long, address_string or address_id");
  if (point && !inChina(point.lat, point.lng))
    throw bad("lat/long is outside the service area (this server serves a county in China)");
  return {
    ...p,
    service_code: p.service_code as CategoryCode,
    point,
    phone: p.phone ? normalisePhone(p.phone) : undefined,
    attributes: form.attributes,
  };
}
