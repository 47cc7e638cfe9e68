import { AppError, isAppError } from "@fengqiao/core";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { formatOf, sendError as sendOpen311Error } from "../modules/open311/format";
import { DB_RETRY_AFTER_S, HTTP_STATUS } from "./http-status";
import { spaFallback } from "./static";

export { DB_RETRY_AFTER_S, HTTP_STATUS } from "./http-status";

export function wantsEnglish(req: FastifyRequest): boolean {
  const lang = req.headers["accept-language"];
  return typeof lang === "string" && /^en\b/i.test(lang.trim());
}

export function sendError(req: FastifyRequest, reply: FastifyReply, err: AppError) {
  const status = HTTP_STATUS[err.code];
  return reply.status(status).send({
    error: err.code,
    message: wantsEnglish(req) ? err.messages.en : err.messages.zh,
    messages: err.messages,
    ...(err.details === undefined ? {} : { details: err.details }),
  });
}

// PostgreSQL refuses text it cannot store (22021 invalid byte sequence, e.g. NUL; 22P05
// untranslatable character). The schemas refuse such text first (ZText); this is the safety net
// for a field they miss, so a client's bad input is its 400, never a 500.
const PG_BAD_TEXT = new Set(["22021", "22P05"]);

export function toAppError(err: FastifyError | Error): AppError {
  if (isAppError(err)) return err;
  if (isDbUnavailable(err)) return new AppError("DB_UNAVAILABLE");
  if (PG_BAD_TEXT.has(String((err as { code?: unknown }).code))) {
    return new AppError("INVALID_INPUT", {
      zh: "输入含有无法保存的字符（如控制字符）",
      en: "The input contains characters that cannot be stored (e.g. control characters)",
    });
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const details = err.validation.map((v) => ({
      path: v.instancePath || "/",
      message: v.message,
    }));
    return new AppError("INVALID_INPUT", undefined, details);
  }
  const fe = err as FastifyError;
  // busboy (under @fastify/multipart) rejects a broken form with a bare Error: no code, no status.
  if (!fe.code && !fe.statusCode && /multipart|Boundary not found/.test(fe.message)) {
    return new AppError("INVALID_INPUT", { zh: "表单格式不正确", en: "The form is malformed" });
  }
  if (fe.code === "FST_ERR_CTP_BODY_TOO_LARGE") return new AppError("PAYLOAD_TOO_LARGE");
  if (fe.statusCode === 429) return new AppError("RATE_LIMITED");
  if (fe.statusCode === 415 || fe.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") {
    return new AppError("INVALID_INPUT", { zh: "不支持的内容类型", en: "Unsupported content type" });
  }
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    return new AppError("INVALID_INPUT", undefined, { reason: fe.message });
  }
  return new AppError("INTERNAL");
}

// Connection-level failures: the server is down, restarting, failing over or out of connections.
// SQLSTATE class 08 (connection exception), 57P01–57P03 (shutdown, crash, starting up), 53300 (too
// many connections), 25006 (a write reached a standby during failover); Node's socket errors; and
// the pg driver's own messages for a connection that died mid-query or never came.
const PG_UNAVAILABLE = new Set(["57P01", "57P02", "57P03", "53300", "25006"]);
const NET_UNAVAILABLE = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
]);
const PG_DRIVER_UNAVAILABLE =
  /Connection terminated|connection error|timeout exceeded when trying to connect|Client was closed|not queryable/i;

export function isDbUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = String((err as { code?: unknown }).code ?? "");
  if (code.startsWith("08") || PG_UNAVAILABLE.has(code) || NET_UNAVAILABLE.has(code)) return true;
  if (err instanceof AggregateError && err.errors.some(isDbUnavailable)) return true;
  return PG_DRIVER_UNAVAILABLE.test(err.message);
}

export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const appErr = noteServerError(req, reply, err);
    return sendError(req, reply, appErr);
  });
  app.setNotFoundHandler((req, reply) => {
    const page = req.method === "GET" ? spaFallback(req.url.split("?")[0] ?? "/") : null;
    if (page) return reply.sendFile(page.file, page.root);
    return sendError(req, reply, new AppError("NOT_FOUND_OR_NO_ACCESS"));
  });
}

/**
 * Errors Fastify's router raises before any route or error handler runs: a path with a broken
 * percent escape (`%ff`, `%E0%A4%A`) or a path parameter longer than the router takes. Without this
 * they answer in Fastify's own shape, with no code or words of ours (found by the fuzzer).
 */
export function frameworkErrors(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  const appErr = new AppError(
    "INVALID_INPUT",
    err.code === "FST_ERR_MAX_PARAM_LENGTH"
      ? { zh: "地址中的参数过长", en: "A parameter in the address is too long" }
      : { zh: "地址格式不正确", en: "The address is malformed" },
  );
  if (req.url.startsWith("/open311/")) return sendOpen311Error(reply, formatOf(req.url), appErr);
  return sendError(req, reply, appErr);
}

/**
 * The error as the client will see it, with what every handler (the API's, Open311's) owes a server
 * error: 5xx never leak internals (the log keeps the stack); while the database is away, 503 with
 * Retry-After.
 */
export function noteServerError(req: FastifyRequest, reply: FastifyReply, err: FastifyError): AppError {
  const appErr = toAppError(err);
  if (appErr.code === "INTERNAL") req.log.error({ err }, "unhandled error");
  if (appErr.code === "DB_UNAVAILABLE") {
    req.log.warn({ reason: err.message }, "database unavailable");
    reply.header("retry-after", String(DB_RETRY_AFTER_S));
  }
  return appErr;
}
