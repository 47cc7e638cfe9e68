import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";

// The routes as the OpenAPI document (/api/docs/json, @fastify/swagger) describes them, and valid
// sample inputs built from their schemas: the fuzzer mutates these, the route matrix sends them.

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  default?: unknown;
}

export interface Param {
  name: string;
  in: "path" | "query" | "header";
  required: boolean;
  schema: JsonSchema;
}

export interface Operation {
  method: string;
  /** OpenAPI path, e.g. /api/v1/cases/{ref} */
  path: string;
  params: Param[];
  body: JsonSchema | null;
}

/** Every operation of the running app's OpenAPI document. */
export async function operations(app: FastifyInstance): Promise<Operation[]> {
  const res = await app.inject({ method: "GET", url: "/api/docs/json" });
  if (res.statusCode !== 200) throw new Error(`no OpenAPI document: ${res.statusCode}`);
  const doc = res.json() as {
    paths: Record<
      string,
      Record<
        string,
        {
          parameters?: Param[];
          requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
        }
      >
    >;
  };
  const ops: Operation[] = [];
  for (const [path, byMethod] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(byMethod)) {
      ops.push({
        method: method.toUpperCase(),
        path,
        params: op.parameters ?? [],
        body: op.requestBody?.content?.["application/json"]?.schema ?? null,
      });
    }
  }
  return ops;
}

/** Values the sample builder puts in fields it knows by name (real regions, real cases…). */
export type Hints = Record<string, unknown>;

const SAMPLE_TEXT = "测试样例文本内容";

function sampleString(s: JsonSchema, name: string, hints: Hints): string {
  const hinted = hints[name];
  if (typeof hinted === "string") return hinted;
  if (s.format === "uuid") return randomUUID();
  if (s.format === "date-time") return "2026-12-01T02:00:00.000Z";
  if (s.format === "date" || /^day$|date$|Date$/.test(name)) return "2026-12-01";
  if (s.pattern?.includes("\\d{6,")) return String(hints.regionCode ?? "620000");
  if (s.pattern?.startsWith("^1\\d{10}")) return "13800001234";
  if (s.pattern?.includes("86")) return "13800001234";
  if (s.pattern?.includes("\\d{4}-\\d{2}-\\d{2}")) return "2026-12-01";
  if (s.pattern?.includes("\\d{2}:\\d{2}")) return "09:00";
  const min = s.minLength ?? 1;
  let text = SAMPLE_TEXT;
  while (text.length < min) text += SAMPLE_TEXT;
  return s.maxLength !== undefined ? text.slice(0, Math.max(min, Math.min(text.length, s.maxLength))) : text;
}

/** A value the schema accepts, as small as possible (required properties only, unless hinted). */
export function sample(s: JsonSchema, hints: Hints = {}, name = ""): unknown {
  if (name in hints && hints[name] !== undefined && s.type !== "string") return hints[name];
  if (s.enum) return s.enum[0];
  const alt = s.oneOf ?? s.anyOf;
  if (alt?.[0]) return sample(alt[0], hints, name);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== "null") : s.type;
  switch (type) {
    case "string":
      return sampleString(s, name, hints);
    case "integer":
    case "number":
      return s.minimum !== undefined && s.minimum > 1 ? s.minimum : Math.min(1, s.maximum ?? 1);
    case "boolean":
      return false;
    case "null":
      return null;
    case "array":
      return Array.from({ length: s.minItems ?? 0 }, () => sample(s.items ?? {}, hints, name));
    case "object": {
      const out: Record<string, unknown> = {};
      for (const [key, prop] of Object.entries(s.properties ?? {})) {
        if (s.required?.includes(key) || (key in hints && hints[key] !== undefined)) {
          out[key] = sample(prop, hints, key);
        }
      }
      return out;
    }
    default:
      return SAMPLE_TEXT;
  }
}

/** Fills the path's {params} (URL-encoded) from the given values. */
export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(values[name] ?? "x"));
}

/** The query string of the required query parameters, plus any extra pairs given. */
export function sampleQuery(op: Operation, hints: Hints): Record<string, string> {
  const q: Record<string, string> = {};
  for (const p of op.params) {
    if (p.in !== "query" || !p.required) continue;
    const v = sample(p.schema, hints, p.name);
    q[p.name] = Array.isArray(v) ? String(v[0] ?? "") : String(v);
  }
  return q;
}

export const routeKey = (method: string, path: string) => `${method} ${path}`;

/** Fastify's `/a/:id` and OpenAPI's `/a/{id}` name the same route. */
export const openApiPath = (fastifyUrl: string) => fastifyUrl.replace(/:(\w+)/g, "{$1}");
