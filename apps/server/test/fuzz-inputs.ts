import fc from "fast-check";
import type { Operation } from "./openapi-routes";

// Hostile inputs for the OpenAPI fuzzer: what a careless client, a scanner or an attacker sends.

const INJECTIONS = [
  "' OR '1'='1",
  "1; DROP TABLE cases; --",
  "'); SELECT pg_sleep(5); --",
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "javascript:alert(1)",
  "../../../../etc/passwd",
  "..\\..\\..\\windows\\win.ini",
  "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
  "__proto__",
  "constructor",
  "prototype",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the Log4Shell string itself, as data
  "${jndi:ldap://x/a}",
  "{{7*7}}",
  "\u0000",
  "a\u0000b",
  "\u0007\u001b[31m",
  "\r\nSet-Cookie: fq_session=x",
  "\uD800",
  "\uDFFF中",
  "\u202Eevil",
  "\uFEFF",
  "NaN",
  "-1",
  "1e309",
  "9007199254740993",
  "0x10",
  "",
  " ",
  "null",
  "true",
  "[]",
  "{}",
  "🧨".repeat(3),
];

/** Strings: injections, control characters, lone surrogates, any code points, and huge ones. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...INJECTIONS) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "x".repeat(70_000),
      "中".repeat(20_000),
      "9".repeat(400),
      "a\u0000".repeat(5_000),
    ),
  },
);

/** A JSON value `depth` levels deep: parsers and validators must not blow the stack. */
const deepJson = (depth: number, kind: "array" | "object") =>
  kind === "array"
    ? `${"[".repeat(depth)}${"]".repeat(depth)}`
    : `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;

/** Any value of the wrong type, or a hostile string. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  {
    weight: 2,
    arbitrary: fc.oneof(
      fc.integer(),
      fc.double(),
      fc.constantFrom(-1, 0, 2 ** 53, -(2 ** 31), 1e308, 0.5),
      fc.boolean(),
      fc.constant(null),
    ),
  },
  { weight: 1, arbitrary: fc.array(hostileString, { maxLength: 3 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<unknown>(
      {},
      [],
      { __proto__: { polluted: 1 } },
      JSON.parse('{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}'),
      Array.from({ length: 2_000 }, (_, i) => i),
    ),
  },
);

/** Every path into a sample value (the root included), to put one hostile value at. */
function paths(v: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(v)) {
    for (const [i, x] of v.entries()) out.push(...paths(x, [...prefix, i]));
  } else if (v && typeof v === "object") {
    for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...prefix, k]));
  }
  return out;
}

function setAt(v: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  const copy = (Array.isArray(v) ? [...v] : { ...(v as object) }) as Record<string | number, unknown>;
  copy[head] = setAt(copy[head], rest, value);
  return copy;
}

/** A valid sample with one value (at any depth, or a new key) replaced by a hostile one. */
export const mutated = (base: unknown): fc.Arbitrary<unknown> =>
  fc
    .tuple(fc.nat(), hostileValue, fc.option(fc.constantFrom("__proto__", "constructor", "extra", "$where")))
    .map(([i, value, newKey]) => {
      const all = paths(base);
      const at = all[i % all.length] ?? [];
      return setAt(base, newKey && base && typeof base === "object" ? [newKey] : at, value);
    });

export interface RawBody {
  payload: string | Buffer;
  contentType: string;
}

const INVALID_UTF8 = [
  Buffer.from([0xff, 0xfe]),
  Buffer.from([0xc3, 0x28]),
  Buffer.from([0xed, 0xa0, 0x80]), // an encoded surrogate
  Buffer.from([0xe2, 0x82]), // truncated sequence
  Buffer.from([0xc0, 0xaf]), // overlong "/"
  Buffer.from([0xf8, 0x88, 0x80, 0x80, 0x80]),
];

/** Bytes a JSON.stringify cannot make: invalid UTF-8 inside a string, deep nesting, broken JSON. */
export const rawBody = (base: unknown): fc.Arbitrary<RawBody> => {
  const json = JSON.stringify(base ?? {});
  return fc.oneof(
    fc.constantFrom(...INVALID_UTF8).map((bad) => {
      // Into the first string value when there is one, else as a key.
      const at = json.indexOf('":"');
      const payload =
        at >= 0
          ? Buffer.concat([Buffer.from(json.slice(0, at + 3)), bad, Buffer.from(json.slice(at + 3))])
          : Buffer.concat([Buffer.from('{"'), bad, Buffer.from('":1}')]);
      return { payload, contentType: "application/json" };
    }),
    fc
      .tuple(fc.integer({ min: 500, max: 5_000 }), fc.constantFrom("array" as const, "object" as const))
      .map(([d, k]) => ({ payload: deepJson(d, k), contentType: "application/json" })),
    fc.constant({
      payload: json.replace(/^\{/, '{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},'),
      contentType: "application/json",
    }),
    fc.nat().map((n) => ({
      payload: json.slice(0, n % Math.max(1, json.length)),
      contentType: "application/json",
    })),
    fc.constantFrom(
      { payload: json, contentType: "text/plain" },
      { payload: json, contentType: "application/json; charset=utf-16" },
      { payload: "a=1&b=%ZZ&__proto__[x]=1", contentType: "application/x-www-form-urlencoded" },
      {
        payload: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n',
        contentType: "multipart/form-data; boundary=x",
      },
      { payload: json, contentType: "application/xml" },
    ),
  );
};

/** Header values: any Latin-1 text (what HTTP can carry), injections that fit in a header. */
const headerText = fc.oneof(
  fc.constantFrom("' OR 1=1 --", "<script>", "../../etc", "__proto__", "zh-CN;q=2,,,;", "en", "*", ""),
  fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).map((c) => String.fromCharCode(c)), maxLength: 60 }),
  fc.constant("a".repeat(8_000)),
);

export const hostileHeaders: fc.Arbitrary<Record<string, string>> = fc.record(
  {
    "accept-language": headerText,
    "idempotency-key": headerText,
    "x-forwarded-for": headerText,
    "x-forwarded-proto": headerText,
    accept: headerText,
    "if-none-match": headerText,
    range: headerText,
  },
  { requiredKeys: [] },
);

/** Percent-encodes like a browser; a lone surrogate becomes the bytes a hostile client would send. */
export function enc(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return s
      .replace(/[\uD800-\uDFFF]/g, "\u0001")
      .split("\u0001")
      .map(encodeURIComponent)
      .join("%ED%A0%80");
  }
}

/** Query strings: the declared parameters with hostile values, repeated keys, unknown keys. */
export const hostileQuery = (op: Operation): fc.Arbitrary<string> => {
  const names = [...op.params.filter((p) => p.in === "query").map((p) => p.name), "__proto__", "q", "limit"];
  const pair = fc.tuple(
    fc.constantFrom(...names),
    fc.oneof(hostileString, fc.constantFrom("%ZZ", "%", "%ff%fe", "a[b]=c")),
  );
  return fc
    .array(pair, { maxLength: 4 })
    .map((pairs) => pairs.map(([k, v]) => `${enc(k)}=${v.startsWith("%") ? v : enc(v)}`).join("&"));
};

/** A path parameter: a real fixture or a hostile string, URL-encoded or (broken) raw escapes. */
export const hostileSegment = (real: string | undefined): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 2, arbitrary: hostileString.map((s) => enc(s.slice(0, 3_000))) },
    {
      weight: 1,
      arbitrary: fc.constantFrom("%ff", "%E0%A4%A", "%00", "..%2F..%2F", "%2e%2e", "a%2Fb", "%uD800"),
    },
    { weight: 1, arbitrary: fc.constant(enc(real ?? "x")) },
  );
