import {
  IMPORT_TOTAL_ROWS,
  type ImportError,
  type ImportKnown,
  type KnownRegion,
  type RawSheet,
  type RegionLevel,
  referencedKeys,
  validateImport,
} from "@fengqiao/core";
import { sql } from "kysely";
import type { AppContext } from "../../context";
import { audit } from "../audit/audit";
import { type Credential, type ImportCounts, newAccounts, writePlan } from "./import-write";
import { readWorkbook } from "./read-workbook";

/** Who imports: an admin (scope = their subtree) or the command line (userId null, the whole tree). */
export interface ImportActor {
  userId: string | null;
  username: string | null;
  regionPath: string | null;
}

export interface ImportProgress {
  status: "reading" | "validating" | "writing";
  rowsTotal: number;
  rowsValidated: number;
  rowsWritten: number;
}

export interface ImportOutcome {
  ok: boolean;
  rows: number;
  errors: ImportError[];
  counts: ImportCounts | null;
  credentials: Credential[];
}

export interface ImportFile {
  /** A path on disk (streamed). */
  path: string;
  /** The name people know it by (cited in errors when several workbooks are imported together). */
  name: string;
}

async function lookUp(ctx: AppContext, book: RawSheet[]): Promise<ImportKnown> {
  const keys = referencedKeys(book);
  const [regions, units, users] = await Promise.all([
    keys.regionCodes.length
      ? ctx.db
          .selectFrom("regions")
          .select(["code", "level", "parent_code", "path"])
          .where("code", "=", sql<string>`ANY(${keys.regionCodes}::text[])`)
          .execute()
      : [],
    keys.unitCodes.length
      ? ctx.db
          .selectFrom("units as u")
          .innerJoin("regions as r", "r.code", "u.region_code")
          .select(["u.code", "r.path"])
          .where("u.code", "=", sql<string>`ANY(${keys.unitCodes}::text[])`)
          .execute()
      : [],
    keys.usernames.length
      ? ctx.db
          .selectFrom("users as u")
          .innerJoin("regions as r", "r.code", "u.region_code")
          .select(["u.username", "r.path"])
          .where("u.username", "=", sql<string>`ANY(${keys.usernames}::text[])`)
          .execute()
      : [],
  ]);
  return {
    regions: new Map(
      regions.map((r): [string, KnownRegion] => [
        r.code,
        { level: r.level as RegionLevel, parentCode: r.parent_code, path: r.path }, // CHECK in 0001_init.sql
      ]),
    ),
    units: new Map(units.map((u) => [u.code as string, { regionPath: u.path }])),
    users: new Map(users.map((u) => [u.username, { regionPath: u.path }])),
  };
}

/** Reads every workbook; a file that is not an .xlsx becomes an error in the report, not a 500. */
async function readAll(files: ImportFile[], progress: (p: Partial<ImportProgress>) => void) {
  const book: RawSheet[] = [];
  const errors: ImportError[] = [];
  let offset = 0;
  for (const f of files) {
    try {
      const label = files.length > 1 ? f.name : null;
      const sheets = await readWorkbook(f.path, label, (n) => progress({ rowsTotal: offset + n }));
      book.push(...sheets);
      offset += IMPORT_TOTAL_ROWS(sheets);
    } catch {
      errors.push({
        sheet: f.name,
        row: 0,
        column: "",
        code: "NO_SHEETS",
        zh: `无法读取文件“${f.name}”：请确认是 Excel 2007 及以后的 .xlsx 文件（.xls 请先另存为 .xlsx）`,
        en: `Cannot read "${f.name}": an .xlsx workbook is needed`,
      });
    }
  }
  return { book, errors };
}

/**
 * 导入: read → validate every row → write everything in ONE transaction, or nothing when any row
 * is wrong. Re-running the same files changes nothing but what changed in them (upserts by code).
 */
export async function runImport(o: {
  ctx: AppContext;
  files: ImportFile[];
  actor: ImportActor;
  jobId?: string | null;
  progress?: (p: Partial<ImportProgress>) => void;
}): Promise<ImportOutcome> {
  const { ctx, actor } = o;
  const progress = o.progress ?? (() => undefined);
  progress({ status: "reading" });
  const read = await readAll(o.files, progress);
  const rows = IMPORT_TOTAL_ROWS(read.book);
  progress({ status: "validating", rowsTotal: rows });
  const known = await lookUp(ctx, read.book);
  const now = ctx.clock.now();
  const { errors, plan } = validateImport(read.book, known, {
    path: actor.regionPath,
    actorUsername: actor.username,
    maxBirthYear: Number(new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 4)),
  });
  errors.unshift(...read.errors);
  progress({ rowsValidated: rows });
  const fileNames = o.files.map((f) => f.name);
  if (errors.length) {
    await audit(ctx.db, {
      at: now,
      actorId: actor.userId,
      action: "import.refused",
      entity: "import",
      entityId: o.jobId ?? null,
      data: { files: fileNames, rows, errors: errors.length },
    });
    return { ok: false, rows, errors, counts: null, credentials: [] };
  }
  progress({ status: "writing" });
  const { credentials, hashes } = await newAccounts(plan, new Set(known.users.keys()));
  const counts = await ctx.db.transaction().execute(async (tx) => {
    // Two imports at once would interleave their upserts; the second waits for the first.
    await sql`SELECT pg_advisory_xact_lock(hashtext('fengqiao.import'))`.execute(tx);
    const c = await writePlan({
      tx,
      pd: ctx.pd,
      plan,
      hashes,
      actorId: actor.userId,
      scopePath: actor.regionPath,
      now,
      progress: (written) => progress({ rowsWritten: Math.min(written, rows) }),
    });
    await audit(tx, {
      at: now,
      actorId: actor.userId,
      action: "import.completed",
      entity: "import",
      entityId: o.jobId ?? null,
      data: { files: fileNames, rows, counts: c, newAccounts: credentials.length },
    });
    return c;
  });
  progress({ rowsWritten: rows });
  return { ok: true, rows, errors: [], counts, credentials };
}
