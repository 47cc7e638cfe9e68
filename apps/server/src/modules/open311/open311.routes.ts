import multipart from "@fastify/multipart";
import { AppError, CATEGORY_CODES } from "@fengqiao/core";
import type { FastifyError, FastifyInstance } from "fastify";
import type { AppContext } from "../../context";
import { noteServerError } from "../../plugins/errors";
import { publicBase } from "../places/html";
import { formatOf, sendDoc, sendError, sendList, splitFormat } from "./format";
import { presentServices } from "./open311.presenter";
import { requestRoutes } from "./open311.requests";
import { updateRoutes } from "./open311.updates";

/** Open311 GeoReport v2 at /open311/v2, with its own body parser, errors and formats. */
export function open311Routes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    // GeoReport clients post HTML forms, urlencoded or multipart; a repeated key (attribute[x][])
    // keeps all its values. Files in a multipart form are not GeoReport's (media_url is) and are
    // read and dropped.
    app.addContentTypeParser(
      "application/x-www-form-urlencoded",
      { parseAs: "string", bodyLimit: 64 * 1024 },
      (_req, body, done) => done(null, formFields(new URLSearchParams(String(body)))),
    );
    await app.register(multipart, {
      attachFieldsToBody: "keyValues",
      onFile: async (part) => {
        part.file.resume();
      },
      limits: { fields: 200, fieldSize: 64 * 1024, files: 10, fileSize: 10 * 1024 * 1024 },
    });
    app.setErrorHandler((err: FastifyError, req, reply) => {
      return sendError(reply, formatOf(req.url), noteServerError(req, reply, err));
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

function formFields(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const all = params.getAll(key);
    out[key] = all.length === 1 ? (all[0] as string) : all;
  }
  return out;
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
