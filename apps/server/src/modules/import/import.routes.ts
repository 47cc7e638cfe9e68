import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import multipart from "@fastify/multipart";
import { AppError, authorize, IMPORT_SHEETS, type ImportError } from "@fengqiao/core";
import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../context";
import { requireUser, type SessionUser } from "../../plugins/auth";
import { perPerson } from "../../plugins/rate-limit-store";
import { displayName } from "../attachments/attachment-file";
import { audit } from "../audit/audit";
import { briefPdf } from "../dashboard/brief";
import { publicBase } from "../places/html";
import { requirePlaceStaff } from "../places/places.routes";
import { regionForActor } from "../regions/regions.commands";
import { jobForActor, presentJob, startImportJob, takeCredentials } from "./import-job";
import type { ImportFile } from "./import-run";
import { credentialsSheet, errorReport, templateWorkbook, XLSX } from "./import-sheets-out";
import { printAllHtml } from "./print-all";

/** Workbooks of a county of 80,000 households run to ~15 MB; several may come in one upload. */
export const IMPORT_MAX_BYTES = 100 * 1024 * 1024;
const MAX_FILES = 10;

function requireImporter(req: FastifyRequest): SessionUser {
  const actor = requireUser(req);
  authorize(actor, "import.run", { regionPath: actor.regionPath });
  return actor;
}

/** Streams each uploaded file to a private temporary folder (the reader streams it back). */
async function saveUploads(req: FastifyRequest): Promise<{ files: ImportFile[]; dir: string }> {
  if (!req.isMultipart()) {
    throw new AppError("INVALID_INPUT", {
      zh: "请选择要导入的 Excel 文件",
      en: "Send the workbooks as multipart files",
    });
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), "fq-import-"));
  const files: ImportFile[] = [];
  try {
    for await (const part of req.files()) {
      const file = path.join(dir, `${files.length}.xlsx`);
      await pipeline(part.file, createWriteStream(file));
      if (part.file.truncated) {
        throw new AppError("PAYLOAD_TOO_LARGE", {
          zh: "文件不能超过 100 MB",
          en: "A file may be at most 100 MB",
        });
      }
      files.push({ path: file, name: displayName(part.filename) ?? `文件${files.length + 1}.xlsx` });
    }
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    if (err instanceof AppError) throw err;
    const code = (err as { code?: string }).code ?? "";
    if (code === "FST_FILES_LIMIT") {
      throw new AppError("INVALID_INPUT", {
        zh: `一次最多上传 ${MAX_FILES} 个文件`,
        en: `At most ${MAX_FILES} files at once`,
      });
    }
    throw new AppError("INVALID_INPUT", { zh: "上传内容有误，请重新选择文件", en: "Malformed upload" });
  }
  if (files.length === 0) {
    await rm(dir, { recursive: true, force: true });
    throw new AppError("INVALID_INPUT", { zh: "请选择要导入的 Excel 文件", en: "No file in the request" });
  }
  return { files, dir };
}

const ZJobId = z.object({ id: z.string().min(1).max(64) });
const ZPrintQuery = z.object({
  region: z
    .string()
    .regex(/^\d{6,15}$/)
    .optional(),
  copies: z.coerce.number().int().min(1).max(10).default(8),
});

/** 导入: templates, upload (a job), its progress and reports, and the print-everything page after. */
export function importRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(multipart, { limits: { fileSize: IMPORT_MAX_BYTES, files: MAX_FILES, fields: 5 } });

    app.get(
      "/import/template.xlsx",
      { schema: { tags: ["import"], querystring: z.object({ sheet: z.enum(IMPORT_SHEETS).optional() }) } },
      async (req, reply) => {
        requireImporter(req);
        const name = req.query.sheet ? `import-template-${req.query.sheet}.xlsx` : "import-template.xlsx";
        return reply
          .header("content-type", XLSX)
          .header("content-disposition", `attachment; filename="${name}"`)
          .send(await templateWorkbook(req.query.sheet));
      },
    );

    app.post(
      "/import",
      {
        schema: { tags: ["import"] },
        bodyLimit: IMPORT_MAX_BYTES * 2,
        config: { rateLimit: { max: 20, timeWindow: "10 minutes" } },
      },
      async (req, reply) => {
        const actor = requireImporter(req);
        const { files, dir } = await saveUploads(req);
        const id = await startImportJob({ ctx, actor, files, tmpDir: dir });
        return reply.status(202).send(presentJob(await jobForActor(ctx, actor, id), ctx.clock.now()));
      },
    );

    app.get("/import/jobs/:id", { schema: { tags: ["import"], params: ZJobId } }, async (req) => {
      const actor = requireImporter(req);
      return presentJob(await jobForActor(ctx, actor, req.params.id), ctx.clock.now());
    });

    app.get(
      "/import/jobs/:id/errors.xlsx",
      { schema: { tags: ["import"], params: ZJobId } },
      async (req, reply) => {
        const job = await jobForActor(ctx, requireImporter(req), req.params.id);
        const buf = await errorReport(job.errors as ImportError[], job.error_count);
        return reply
          .header("content-type", XLSX)
          .header("content-disposition", `attachment; filename="import-errors-${job.id.slice(0, 8)}.xlsx"`)
          .send(buf);
      },
    );

    app.get(
      "/import/jobs/:id/credentials.xlsx",
      { schema: { tags: ["import"], params: ZJobId } },
      async (req, reply) => {
        const actor = requireImporter(req);
        const job = await jobForActor(ctx, actor, req.params.id);
        const list = await takeCredentials(ctx, job.id);
        if (!list) {
          throw new AppError("NOT_FOUND_OR_NO_ACCESS", {
            zh: "初始密码表已下载过（只能下载一次）；如需新密码请在用户管理中重置",
            en: "The initial passwords were downloaded already (once only); reset a password in user management",
          });
        }
        await audit(ctx.db, {
          at: ctx.clock.now(),
          actorId: actor.userId,
          action: "import.credentials_downloaded",
          entity: "import",
          entityId: job.id,
          data: { accounts: list.length },
        });
        return reply
          .header("content-type", XLSX)
          .header("content-disposition", `attachment; filename="import-accounts-${job.id.slice(0, 8)}.xlsx"`)
          .send(await credentialsSheet(list));
      },
    );

    const printable = async (req: FastifyRequest, query: z.infer<typeof ZPrintQuery>) => {
      const actor = requirePlaceStaff(req);
      const region = await regionForActor(ctx.db, actor, query.region ?? actor.regionCode);
      return printAllHtml(ctx, region, publicBase(ctx.config.publicUrl, req), query.copies);
    };
    app.get(
      "/import/print.html",
      { schema: { tags: ["import"], querystring: ZPrintQuery } },
      async (req, reply) => {
        const { html } = await printable(req, req.query);
        return reply.type("text/html; charset=utf-8").send(html);
      },
    );
    app.get(
      "/import/print.pdf",
      {
        schema: { tags: ["import"], querystring: ZPrintQuery },
        config: perPerson(5, "1 minute"),
      },
      async (req, reply) => {
        const { html } = await printable(req, req.query);
        const pdf = await briefPdf(html);
        if (!pdf) {
          const zh = "本机未安装 Chromium：请打开打印网页，用浏览器打印为 PDF（A4）";
          return reply.code(501).send({
            error: "PDF_UNAVAILABLE",
            message: zh,
            messages: {
              zh,
              en: "Chromium is not installed here: open the print page and print it to PDF (A4)",
            },
          });
        }
        return reply
          .type("application/pdf")
          .header(
            "content-disposition",
            `attachment; filename="posters-cards-${req.query.region ?? "all"}.pdf"`,
          )
          .send(pdf);
      },
    );
  };
}
