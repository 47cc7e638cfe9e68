import { randomUUID } from "node:crypto";
import multipart from "@fastify/multipart";
import { AppError } from "@fengqiao/core";
import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../../context";
import { cleanImage, EXT, sniffImage } from "./image";
import { photoStore } from "./photo-store";

export const MAX_UPLOAD_BYTES = 8 * 1024 * 1024;

const tooLarge = () =>
  new AppError("PAYLOAD_TOO_LARGE", { zh: "图片不能超过 8 MB", en: "The image must be at most 8 MB" });
const badType = () =>
  new AppError("INVALID_INPUT", {
    zh: "只能上传 JPG、PNG 或 WebP 格式的照片",
    en: "Only JPEG, PNG or WebP images are accepted",
  });

/** POST /api/public/uploads: one photo per request, so a phone uploads each as soon as it is picked. */
export function uploadsRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(multipart, {
      limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 0, parts: 2 },
    });
    app.post(
      "/uploads",
      {
        schema: { tags: ["public"] },
        bodyLimit: MAX_UPLOAD_BYTES + 64 * 1024,
        config: { rateLimit: { max: 40, timeWindow: "10 minutes" } },
      },
      async (req, reply) => {
        const raw = await readOne(req);
        const mime = sniffImage(raw);
        if (!mime) throw badType();
        const clean = await cleanImage(raw, mime).catch(() => {
          throw badType();
        });
        const now = ctx.clock.now();
        const id = randomUUID();
        // The storage key doubles as the relative path on disk: YYYY-MM/<id>.<ext>.
        const rel = `${now.toISOString().slice(0, 7)}/${id}.${EXT[mime]}`;
        const store = photoStore(ctx.config);
        await store.put(rel, clean, mime);
        try {
          await ctx.db
            .insertInto("attachments")
            .values({
              id,
              case_id: null,
              opinion_id: null,
              path: rel,
              mime,
              bytes: clean.length,
              created_at: now,
            })
            .execute();
        } catch (err) {
          await store.delete(rel).catch(() => undefined);
          throw err;
        }
        return reply.status(201).send({ id, mime, bytes: clean.length });
      },
    );
  };
}

async function readOne(req: FastifyRequest): Promise<Buffer> {
  if (!req.isMultipart()) throw badType();
  let file: Awaited<ReturnType<typeof req.file>>;
  try {
    file = await req.file();
  } catch (err) {
    throw mapMultipartError(err);
  }
  if (!file) throw new AppError("INVALID_INPUT", { zh: "请选择一张照片", en: "No file in the request" });
  try {
    return await file.toBuffer();
  } catch (err) {
    throw mapMultipartError(err);
  }
}

function mapMultipartError(err: unknown): AppError {
  const code = (err as { code?: string }).code ?? "";
  if (code === "FST_REQ_FILE_TOO_LARGE" || code === "FST_ERR_CTP_BODY_TOO_LARGE") return tooLarge();
  return new AppError("INVALID_INPUT", { zh: "上传内容有误，请重新选择照片", en: "Malformed upload" });
}
