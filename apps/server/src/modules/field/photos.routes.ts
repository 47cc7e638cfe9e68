import { randomUUID } from "node:crypto";
import multipart from "@fastify/multipart";
import { AppError } from "@fengqiao/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { sql } from "kysely";
import type { AppContext } from "../../context";
import { atOrBelow } from "../../db/subtree";
import { requireUser } from "../../plugins/auth";
import { readOneFile } from "../attachments/attachment-file";
import { ZIdemKey } from "../intake/idempotency";
import { cleanImage, EXT, sniffImage } from "../uploads/image";
import { photoStore } from "../uploads/photo-store";
import { ZId } from "./field.schemas";
import { authorizeRole, isUniqueViolation, notFound, photoUrl } from "./field.shared";

export const FIELD_PHOTO_MAX_BYTES = 10 * 1024 * 1024;

const badType = () =>
  new AppError("INVALID_INPUT", {
    zh: "只能上传 JPG、PNG 或 WebP 格式的照片",
    en: "Only JPEG, PNG or WebP images are accepted",
  });

/** 走访照片: one photo per request, re-encoded without EXIF (GPS, camera) by the uploads pipeline. */
export function photosRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(multipart, {
      limits: { fileSize: FIELD_PHOTO_MAX_BYTES, files: 1, fields: 0, parts: 2 },
    });

    app.post(
      "/field/photos",
      {
        schema: { tags: ["field"], consumes: ["multipart/form-data"] },
        bodyLimit: FIELD_PHOTO_MAX_BYTES + 64 * 1024,
      },
      async (req, reply) => {
        const actor = requireUser(req);
        authorizeRole(actor, "visit.write");
        const header = req.headers["idempotency-key"];
        if (header !== undefined && (typeof header !== "string" || !ZIdemKey.test(header))) {
          throw new AppError("INVALID_INPUT", {
            zh: "提交编号格式有误",
            en: "Idempotency-Key must be 8–100 letters, digits, - or _",
          });
        }
        const key = typeof header === "string" ? `${actor.userId}:${header}` : null;
        const earlier = key ? await byKey(ctx, key) : null;
        if (earlier) return reply.status(200).send(earlier);
        const file = await readOneFile(req);
        const mime = sniffImage(file.bytes);
        if (!mime) throw badType();
        const clean = await cleanImage(file.bytes, mime).catch(() => {
          throw badType();
        });
        const now = ctx.clock.now();
        const id = randomUUID();
        const rel = `${now.toISOString().slice(0, 7)}/${id}.${EXT[mime]}`;
        const store = photoStore(ctx.config);
        await store.put(rel, clean, mime);
        try {
          await ctx.db.transaction().execute(async (tx) => {
            await tx
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
            await tx
              .insertInto("field_photos")
              .values({ id, uploaded_by: actor.userId, idempotency_key: key, created_at: now })
              .execute();
          });
        } catch (err) {
          await store.delete(rel).catch(() => undefined);
          const raced = key && isUniqueViolation(err) ? await byKey(ctx, key) : null;
          if (raced) return reply.status(200).send(raced);
          throw err;
        }
        return reply.status(201).send({ id, url: photoUrl(id) });
      },
    );

    // Shown to the one who took it, and to whoever may see a visit that cites it.
    app.get("/field/photos/:id", { schema: { tags: ["field"], params: ZId } }, async (req, reply) => {
      const actor = requireUser(req);
      const id = req.params.id;
      const row = await ctx.db
        .selectFrom("field_photos as f")
        .innerJoin("attachments as a", "a.id", "f.id")
        .select(["a.path", "a.mime"])
        .where("f.id", "=", id)
        .where((eb) =>
          eb.or([
            eb("f.uploaded_by", "=", actor.userId),
            eb.exists(
              eb
                .selectFrom("visits as v")
                .select(sql.lit(1).as("one"))
                .where(sql<boolean>`${id}::uuid = ANY(v.photo_ids)`)
                .where(atOrBelow("v.region_path", actor.regionPath)),
            ),
          ]),
        )
        .executeTakeFirst();
      if (!row) throw notFound();
      const stored = await photoStore(ctx.config).get(row.path);
      if (!stored) throw notFound();
      return reply.type(row.mime).header("cache-control", "private, max-age=3600").send(stored.body);
    });
  };
}

async function byKey(ctx: AppContext, key: string) {
  const row = await ctx.db
    .selectFrom("field_photos")
    .select("id")
    .where("idempotency_key", "=", key)
    .executeTakeFirst();
  return row ? { id: row.id, url: photoUrl(row.id) } : null;
}
