import { createHash } from "node:crypto";
import multipart from "@fastify/multipart";
import { ZAttachment, ZAttachmentList, ZText } from "@fengqiao/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../context";
import { requireUser } from "../../plugins/auth";
import { findCaseForActor } from "../cases/cases.repository";
import { onceByKey } from "../cases/command-replay";
import { ATTACHMENT_MAX_BYTES, readOneFile } from "./attachment-file";
import { type AttachmentView, addAttachment, checkMayAttach, listAttachments } from "./attachments.commands";

const ZRef = z.object({ ref: ZText.min(1).max(64) });

/**
 * Staff attachments of a case, under /api/v1: the list, and the upload of one image or PDF per
 * request (hotline and window registration, or later additions). One file is served by
 * GET /cases/:ref/attachments/:id (intake's opinions routes).
 */
export function attachmentsRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(multipart, {
      limits: { fileSize: ATTACHMENT_MAX_BYTES, files: 1, fields: 0, parts: 2 },
    });

    app.get(
      "/cases/:ref/attachments",
      { schema: { tags: ["cases"], params: ZRef, response: { 200: ZAttachmentList } } },
      async (req) => {
        const row = await findCaseForActor(ctx.db, requireUser(req), req.params.ref, { forUpdate: false });
        return { items: await listAttachments(ctx.db, row.id) };
      },
    );

    app.post(
      "/cases/:ref/attachments",
      {
        schema: {
          tags: ["cases"],
          params: ZRef,
          consumes: ["multipart/form-data"],
          response: { 201: ZAttachment },
        },
        bodyLimit: ATTACHMENT_MAX_BYTES + 64 * 1024,
      },
      async (req, reply) => {
        const actor = requireUser(req);
        // Jurisdiction and role first: an outsider's bytes are never read, let alone decoded.
        await checkMayAttach(ctx, actor, req.params.ref);
        const file = await readOneFile(req);
        // The phone's offline queue sends an Idempotency-Key: an upload whose answer was lost on a weak
        // line and is sent again stores the photo once and answers as the first time.
        const content = { sha256: createHash("sha256").update(file.bytes).digest("hex"), name: file.name };
        const view = await onceByKey<AttachmentView>(
          ctx,
          actor,
          req.headers["idempotency-key"],
          req.params.ref,
          content,
          (a, keep) =>
            addAttachment({
              ctx,
              actor: a,
              ref: req.params.ref,
              file,
              now: ctx.clock.now(),
              within: keep ?? undefined,
            }),
        );
        return reply.status(201).send(view);
      },
    );
  };
}
