import { AppError, type ErrorCode } from "@fengqiao/core";
import type { FastifyReply } from "fastify";
import { HTTP_STATUS } from "../../plugins/http-status";

export type Format = "json" | "xml";

/** "requests.json" → ["requests", "json"]; anything else is a 404, as for an unknown path. */
export function splitFormat(file: string): { name: string; format: Format } {
  const m = /^(.+)\.(json|xml)$/.exec(file);
  if (!m?.[1] || !m[2])
    throw new AppError("NOT_FOUND_OR_NO_ACCESS", { en: "Unknown format: use .json or .xml" });
  return { name: m[1], format: m[2] as Format };
}

/** The `:format` of a route such as `/requests.:format`; another extension is an unknown path. */
export function formatParam(params: unknown): Format {
  const f = (params as { format?: string }).format;
  if (f !== "json" && f !== "xml") throw new AppError("NOT_FOUND_OR_NO_ACCESS", { en: "Not found" });
  return f;
}

/** GeoReport datetimes are W3C with an offset; ours are China time (+08:00), never a bare "Z" date. */
export function w3c(d: Date | string | null): string | null {
  if (d === null) return null;
  const t = new Date(d).getTime() + 8 * 3600_000;
  return `${new Date(t).toISOString().slice(0, 19)}+08:00`;
}

// The spec's XML wraps each list in its plural and each item in the singular; the item names of
// lists inside documents (the roots' items are given to sendList).
const ITEM: Record<string, string> = {
  endpoints: "endpoint",
  formats: "format",
  attributes: "attribute",
  values: "value",
};

// XML 1.0 cannot carry C0 controls other than tab/LF/CR, lone surrogates or U+FFFE/U+FFFF: input
// refuses them now (ZText), but older rows may hold some, and one would break a client's whole feed.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const XML_ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|\p{Cs}/gu;

// A carriage return is written as &#13;: a parser turns a literal \r\n into \n, and a description
// must come back exactly as it was sent, as it does in JSON.
const escapeXml = (s: string) =>
  s
    .replace(XML_ILLEGAL, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\r/g, "&#13;");

/** One element; XML has no null, so an empty element stands for it, as GeoReport's examples do. */
export function xmlElement(name: string, v: unknown): string {
  if (v === null || v === undefined || v === "") return `<${name}></${name}>`;
  if (Array.isArray(v)) {
    const item = ITEM[name];
    if (!item) throw new Error(`open311: no item name for the list ${name}`);
    return `<${name}>${v.map((x) => xmlElement(item, x)).join("")}</${name}>`;
  }
  if (typeof v === "object") {
    const inner = Object.entries(v).map(([k, x]) => xmlElement(k, x));
    return `<${name}>${inner.join("")}</${name}>`;
  }
  return `<${name}>${escapeXml(String(v))}</${name}>`;
}

const XML_HEAD = '<?xml version="1.0" encoding="utf-8"?>';

/** A list in the spec's two shapes: a JSON array, or `<root><item/>…</root>`. */
export function sendList(reply: FastifyReply, format: Format, root: string, item: string, rows: object[]) {
  if (format === "json") return reply.type("application/json; charset=utf-8").send(JSON.stringify(rows));
  const xml = `<${root}>${rows.map((r) => xmlElement(item, r)).join("")}</${root}>`;
  return reply.type("text/xml; charset=utf-8").send(`${XML_HEAD}${xml}`);
}

/** A single document (service definition, discovery). */
export function sendDoc(reply: FastifyReply, format: Format, root: string, doc: object) {
  if (format === "json") return reply.type("application/json; charset=utf-8").send(JSON.stringify(doc));
  return reply.type("text/xml; charset=utf-8").send(`${XML_HEAD}${xmlElement(root, doc)}`);
}

// GeoReport answers a missing or wrong api_key with 403; every other code keeps the API's status.
const GEOREPORT_STATUS: Partial<Record<ErrorCode, number>> = { UNAUTHENTICATED: 403 };

/** Errors as GeoReport says: `[{code, description}]` or `<errors><error>…</error></errors>`. */
export function sendError(reply: FastifyReply, format: Format, err: AppError) {
  const status = GEOREPORT_STATUS[err.code] ?? HTTP_STATUS[err.code] ?? 500;
  // A framework error (bad body, bad multipart) carries its reason in details.
  const reason = (err.details as { reason?: unknown } | undefined)?.reason;
  const description =
    status === 500
      ? "Internal error"
      : `${err.messages.en}${typeof reason === "string" ? `: ${reason}` : ""}`;
  reply.status(status);
  return sendList(reply, format, "errors", "error", [{ code: String(status), description }]);
}

/** The format an error answers in: JSON only when asked for; XML is GeoReport's default. */
export const formatOf = (url: string): Format =>
  (url.split("?")[0] ?? "").endsWith(".json") ? "json" : "xml";
