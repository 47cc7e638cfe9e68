import { AppError, CATEGORY_CODES, isAppError } from "@fengqiao/core";
import type { FastifyError, FastifyInstance } from "fastify";
import type { AppContext } from "../../context";
import { publicBase } from "../places/html";
import { formatOf, sendDoc, sendError, sendList, splitFormat } from "./format";
import { presentServices } from "./open311.presenter";
import { requestRoutes } from "./open311.requests";
import { updateRoutes } from "./open311.updates";

/** Open311 GeoReport v2 at /open311/v2, with its own body parser, errors and formats. */
export function open311Routes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    // GeoReport clients post HTML-form bodies; attribute[x] keys are kept as they come.
    app.addContentTypeParser(
      "application/x-www-form-urlencoded",
      { parseAs: "string", bodyLimit: 64 * 1024 },
      (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );
    app.setErrorHandler((err: FastifyError, req, reply) => {
      const appErr = isAppError(err) ? err : toAppError(err);
      if (appErr.code === "INTERNAL") req.log.error({ err }, "open311 error");
      return sendError(reply, formatOf(req.url), appErr);
    });
    app.setNotFoundHandler((req, reply) =>
      sendError(reply, formatOf(req.url), new AppError("NOT_FOUND_OR_NO_ACCESS", { en: "Not found" })),
    );

    for (const format of ["json", "xml"] as const) {
      app.get(`/discovery.${format}`, async (req, reply) =>
        sendDoc(reply, format, "discovery", discovery(ctx, req)),
      );
      app.get(`/services.${format}`, async (_req, reply) =>
        sendList(reply, format, "services", "service", presentServices()),
      );
    }
    app.get("/services/:file", async (req, reply) => {
      const { name, format } = splitFormat((req.params as { file: string }).file);
      if (!(CATEGORY_CODES as readonly string[]).includes(name)) {
        throw new AppError("NOT_FOUND_OR_NO_ACCESS", { en: `service_code ${name} not found` });
      }
      return sendDoc(reply, format, "service_definition", { service_code: name, attributes: [] });
    });
    requestRoutes(app, ctx);
    updateRoutes(app, ctx);
  };
}

function toAppError(err: FastifyError): AppError {
  if (err.statusCode === 429) return new AppError("RATE_LIMITED");
  if (err.code === "FST_ERR_CTP_BODY_TOO_LARGE") return new AppError("PAYLOAD_TOO_LARGE");
  if (err.statusCode && err.statusCode < 500) return new AppError("INVALID_INPUT", { en: err.message });
  return new AppError("INTERNAL");
}

function discovery(ctx: AppContext, req: { protocol: string; host: string }) {
  const url = `${publicBase(ctx.config.publicUrl, req)}/open311/v2`;
  return {
    changeset: "2026-11-26T00:00:00+08:00",
    contact: "县级综治中心",
    key_service: "API keys are issued by the administrators of this Fengqiao server",
    endpoints: [
      {
        specification: "http://wiki.open311.org/GeoReport_v2",
        url,
        changeset: "2026-11-26T00:00:00+08:00",
        type: "production",
        formats: ["text/xml", "application/json"],
      },
    ],
  };
}
