import { AppError, type ErrorCode } from "@fengqiao/core";
import { XMLBuilder } from "fast-xml-parser";
import type { FastifyReply } from "fastify";

export type Format = "json" | "xml";

const builder = new XMLBuilder({ format: false, suppressEmptyNode: false });

/** "requests.json" → ["requests", "json"]; anything else is a 404, as for an unknown path. */
export function splitFormat(file: string): { name: string; format: Format } {
  const m = /^(.+)\.(json|xml)$/.exec(file);
  if (!m?.[1] || !m[2])
    throw new AppError("NOT_FOUND_OR_NO_ACCESS", { en: "Unknown format: use .json or .xml" });
  return { name: m[1], format: m[2] as Format };
}

/** GeoReport datetimes are W3C with an offset; ours are China time (+08:00), never a bare "Z" date. */
export function w3c(d: Date | string | null): string | null {
  if (d === null) return null;
  const t = new Date(d).getTime() + 8 * 3600_000;
  return `${new Date(t).toISOString().slice(0, 19)}+08:00`;
}

// XML has no null: an empty element stands for it, as GeoReport's examples do.
const xmlValue = (v: unknown): unknown => {
  if (v === null || v === undefined) return "";
  if (Array.isArray(v)) return v.length === 0 ? "" : v.map(xmlValue);
  if (typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, xmlValue(x)]));
  return v;
};

/** A list in the spec's two shapes: a JSON array, or `<root><item/>…</root>`. */
export function sendList(reply: FastifyReply, format: Format, root: string, item: string, rows: object[]) {
  if (format === "json") return reply.type("application/json; charset=utf-8").send(JSON.stringify(rows));
  const xml = builder.build({ [root]: { [item]: rows.map(xmlValue) } });
  return reply.type("text/xml; charset=utf-8").send(`<?xml version="1.0" encoding="utf-8"?>${xml}`);
}

/** A single document (service definition, discovery). */
export function sendDoc(reply: FastifyReply, format: Format, root: string, doc: object) {
  if (format === "json") return reply.type("application/json; charset=utf-8").send(JSON.stringify(doc));
  const xml = builder.build({ [root]: xmlValue(doc) });
  return reply.type("text/xml; charset=utf-8").send(`<?xml version="1.0" encoding="utf-8"?>${xml}`);
}

const STATUS: Partial<Record<ErrorCode, number>> = {
  INVALID_INPUT: 400,
  UNAUTHENTICATED: 403,
  FORBIDDEN: 403,
  NOT_FOUND_OR_NO_ACCESS: 404,
  CONFLICT: 409,
  INVALID_TRANSITION: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
};

/** Errors as GeoReport says: `[{code, description}]` or `<errors><error>…</error></errors>`. */
export function sendError(reply: FastifyReply, format: Format, err: AppError) {
  const status = STATUS[err.code] ?? 500;
  const description = status === 500 ? "Internal error" : err.messages.en;
  reply.status(status);
  return sendList(reply, format, "errors", "error", [{ code: String(status), description }]);
}

export const formatOf = (url: string): Format => (/\.xml(\?|$)/.test(url) ? "xml" : "json");
