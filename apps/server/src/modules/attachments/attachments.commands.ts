import { randomUUID } from "node:crypto";
import { AppError, authorize } from "@fengqiao/core";
import { sql } from "kysely";
import type { AppContext } from "../../context";
import type { Db, Tx } from "../../db/database";
import type { CaseRow } from "../../db/schema";
import type { SessionUser } from "../../plugins/auth";
import { changeCase } from "../cases/case-change";
import { caseResource, findCaseForActor } from "../cases/cases.repository";
import { photoStore } from "../uploads/photo-store";
import { type IncomingFile, prepareFile, storageKey } from "./attachment-file";

export const ATTACHMENT_ADDED = "case.attachment_added";

export interface AttachmentView {
  id: string;
  mime: string;
  bytes: number;
  name: string | null;
  createdAt: string;
  /** The case's version after the upload (only in the upload's answer): a phone's queued commands follow it. */
  version?: number;
}

/** Fails fast, before any bytes are processed, when the actor may not add to the case. */
export async function checkMayAttach(ctx: AppContext, actor: SessionUser, ref: string) {
  const row = await findCaseForActor(ctx.db, actor, ref, { forUpdate: false });
  await assertMayAttach(ctx, actor, row);
}

async function assertMayAttach(ctx: AppContext, actor: SessionUser, row: CaseRow): Promise<void> {
  const policy = await ctx.rules.policy(row.policy_key);
  if (!policy) throw new AppError("FORBIDDEN");
  authorize(actor, "case.note", caseResource(row, policy));
}

/**
 * 补充附件: the file is stored (disk or S3, the uploads module's photoStore), then one transaction
 * links its row to the case and appends case.attachment_added to the case's hash-chained timeline;
 * if that fails, the stored file is removed.
 */
export async function addAttachment(o: {
  ctx: AppContext;
  actor: SessionUser;
  ref: string;
  file: IncomingFile;
  now: Date;
  /** Runs in the linking transaction with the answer (an Idempotency-Key's kept answer). */
  within?: (tx: Tx, view: AttachmentView) => Promise<void>;
}): Promise<AttachmentView> {
  const { ctx, actor, now } = o;
  const { mime, data, ext } = await prepareFile(o.file.bytes);
  const id = randomUUID();
  const key = storageKey(id, ext, now);
  const store = photoStore(ctx.config);
  await store.put(key, data, mime);
  const view: AttachmentView = {
    id,
    mime,
    bytes: data.length,
    name: o.file.name,
    createdAt: now.toISOString(),
  };
  try {
    await ctx.db.transaction().execute(async (tx) => {
      const row = await findCaseForActor(tx, actor, o.ref, { forUpdate: true });
      await assertMayAttach(ctx, actor, row);
      await tx
        .insertInto("attachments")
        .values({
          id,
          case_id: row.id,
          opinion_id: null,
          path: key,
          mime,
          bytes: data.length,
          created_at: now,
        })
        .execute();
      const fact = { id, mime, bytes: data.length, name: view.name };
      const cause = { type: "recorded" as const, event: ATTACHMENT_ADDED, data: fact };
      await changeCase({ ctx, tx, row, cause, now, actorId: actor.userId });
      view.version = row.version + 1;
      await o.within?.(tx, view);
    });
  } catch (err) {
    // The row never committed: the stored file goes too (best effort, the error that matters is err).
    await store.delete(key).catch(() => undefined);
    throw err;
  }
  return view;
}

/** Every file of the case, oldest first: citizen photos (no name) and staff uploads (name from the event). */
export async function listAttachments(db: Db, caseId: string): Promise<AttachmentView[]> {
  const [rows, named] = await Promise.all([
    db
      .selectFrom("attachments")
      .select(["id", "mime", "bytes", "created_at"])
      .where("case_id", "=", caseId)
      .orderBy("created_at")
      .orderBy("id")
      .execute(),
    db
      .selectFrom("case_events")
      .select([sql<string>`data->>'id'`.as("id"), sql<string | null>`data->>'name'`.as("name")])
      .where("case_id", "=", caseId)
      .where("type", "=", ATTACHMENT_ADDED)
      .execute(),
  ]);
  const names = new Map(named.map((n) => [n.id, n.name]));
  return rows.map((r) => ({
    id: r.id,
    mime: r.mime,
    bytes: r.bytes,
    name: names.get(r.id) ?? null,
    createdAt: new Date(r.created_at).toISOString(),
  }));
}
