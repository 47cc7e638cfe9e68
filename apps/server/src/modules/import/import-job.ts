import { rm } from "node:fs/promises";
import { AppError, type ImportError, inSubtree, isAppError } from "@fengqiao/core";
import type { AppContext } from "../../context";
import type { SessionUser } from "../../plugins/auth";
import { type ImportFile, type ImportProgress, runImport } from "./import-run";
import type { Credential } from "./import-write";

/** Errors kept on the job (the report lists these; error_count says how many there were). */
export const KEPT_ERRORS = 10_000;
// A job still "running" this long after its last progress died with its process (a restart).
const STALE_MS = 10 * 60_000;
const FLUSH_MS = 400;

/**
 * An upload becomes a job row at once; the import runs in this process and writes its progress to
 * the row (at most every 400 ms), which the console polls. The files are deleted when it ends.
 */
export async function startImportJob(o: {
  ctx: AppContext;
  actor: SessionUser;
  files: ImportFile[];
  tmpDir: string;
}): Promise<string> {
  const { ctx, actor } = o;
  const now = ctx.clock.now();
  const job = await ctx.db
    .insertInto("import_jobs")
    .values({
      actor_id: actor.userId,
      region_code: actor.regionCode,
      file_names: o.files.map((f) => f.name),
      status: "reading",
      created_at: now,
      updated_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  void runJob(ctx, actor, job.id, o.files).finally(() => rm(o.tmpDir, { recursive: true, force: true }));
  return job.id;
}

async function runJob(ctx: AppContext, actor: SessionUser, id: string, files: ImportFile[]) {
  let pending: Partial<ImportProgress> = {};
  let last = 0;
  let chain: Promise<unknown> = Promise.resolve();
  const flush = () => {
    const p = pending;
    pending = {};
    last = Date.now();
    chain = chain.then(() =>
      ctx.db
        .updateTable("import_jobs")
        .set({
          ...(p.status ? { status: p.status } : {}),
          ...(p.rowsTotal !== undefined ? { rows_total: p.rowsTotal } : {}),
          ...(p.rowsValidated !== undefined ? { rows_validated: p.rowsValidated } : {}),
          ...(p.rowsWritten !== undefined ? { rows_written: p.rowsWritten } : {}),
          updated_at: new Date(),
        })
        .where("id", "=", id)
        .execute()
        .catch(() => undefined),
    );
  };
  const progress = (p: Partial<ImportProgress>) => {
    pending = { ...pending, ...p };
    if (p.status || Date.now() - last > FLUSH_MS) flush();
  };
  try {
    const out = await runImport({
      ctx,
      files,
      actor: { userId: actor.userId, username: actor.username, regionPath: actor.regionPath },
      jobId: id,
      progress,
    });
    flush();
    await chain;
    await ctx.db
      .updateTable("import_jobs")
      .set({
        status: out.ok ? "done" : "refused",
        rows_total: out.rows,
        rows_validated: out.rows,
        rows_written: out.ok ? out.rows : 0,
        errors: JSON.stringify(out.errors.slice(0, KEPT_ERRORS)),
        error_count: out.errors.length,
        counts: out.counts ? JSON.stringify(out.counts) : null,
        credentials_enc: out.credentials.length ? ctx.pd.encrypt(JSON.stringify(out.credentials)) : null,
        updated_at: new Date(),
        finished_at: ctx.clock.now(),
      })
      .where("id", "=", id)
      .execute();
  } catch (err) {
    await chain;
    // Refused while writing (codes another jurisdiction keeps): nothing was written, and the report
    // says why, as for a validation error.
    if (isAppError(err) && err.code === "FORBIDDEN") {
      const why: ImportError = { sheet: "", row: 0, column: "", code: "OUT_OF_SCOPE", ...err.messages };
      await ctx.db
        .updateTable("import_jobs")
        .set({
          status: "refused",
          errors: JSON.stringify([why]),
          error_count: 1,
          updated_at: new Date(),
          finished_at: ctx.clock.now(),
        })
        .where("id", "=", id)
        .execute();
      return;
    }
    // Nothing was written (the transaction rolled back); the reason is for the log, not the page.
    console.error("import job failed", id, err);
    await ctx.db
      .updateTable("import_jobs")
      .set({
        status: "failed",
        message: "导入失败，未写入任何数据；请稍后重试",
        updated_at: new Date(),
        finished_at: ctx.clock.now(),
      })
      .where("id", "=", id)
      .execute()
      .catch(() => undefined);
  }
}

export async function jobForActor(ctx: AppContext, actor: SessionUser, id: string) {
  const job = /^[0-9a-f-]{36}$/i.test(id)
    ? await ctx.db
        .selectFrom("import_jobs as j")
        .leftJoin("regions as r", "r.code", "j.region_code")
        .selectAll("j")
        .select("r.path")
        .where("j.id", "=", id)
        .executeTakeFirst()
    : undefined;
  if (!job?.path || !inSubtree(job.path, actor.regionPath)) throw new AppError("NOT_FOUND_OR_NO_ACCESS");
  return job;
}

export type ImportJobRow = Awaited<ReturnType<typeof jobForActor>>;

const RUNNING = new Set(["reading", "validating", "writing"]);

/** What the console shows: progress, the first errors, the counts, whether passwords wait for download. */
export function presentJob(j: ImportJobRow, now: Date) {
  const stale = RUNNING.has(j.status) && now.getTime() - new Date(j.updated_at).getTime() > STALE_MS;
  return {
    id: j.id,
    status: stale ? ("failed" as const) : j.status,
    fileNames: j.file_names,
    rowsTotal: j.rows_total,
    rowsValidated: j.rows_validated,
    rowsWritten: j.rows_written,
    errorCount: j.error_count,
    errors: (j.errors as ImportError[]).slice(0, 200),
    counts: j.counts as Record<string, unknown> | null,
    credentialsReady: j.credentials_enc !== null,
    message: stale ? "导入中断（服务曾重启），未写入任何数据；请重新上传" : j.message,
    createdAt: new Date(j.created_at).toISOString(),
    finishedAt: j.finished_at ? new Date(j.finished_at).toISOString() : null,
  };
}

/** The new accounts' passwords, once: the sealed list is cleared as it is handed out. */
export async function takeCredentials(ctx: AppContext, id: string): Promise<Credential[] | null> {
  const sealed = await ctx.db.transaction().execute(async (tx) => {
    const row = await tx
      .selectFrom("import_jobs")
      .select("credentials_enc")
      .where("id", "=", id)
      .forUpdate()
      .executeTakeFirst();
    if (!row?.credentials_enc) return null;
    await tx.updateTable("import_jobs").set({ credentials_enc: null }).where("id", "=", id).execute();
    return row.credentials_enc;
  });
  return sealed ? (JSON.parse(ctx.pd.decrypt(sealed)) as Credential[]) : null;
}
