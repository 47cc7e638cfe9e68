import { sql } from "kysely";
import type { AppContext } from "../../context";
import type { CaseRow } from "../../db/schema";
import { maskName } from "../../lib/personal-data";
import { audit } from "../audit/audit";
import { changeCase } from "../cases/case-change";
import { photoStore } from "../uploads/photo-store";
import { mapSealed } from "./key-rotation";

// Retention: FENGQIAO_RETENTION_YEARS (default 3) after a case is closed, its personal data and
// photos go. Sealed values are nulled (phones, ID numbers, e-mail, addresses), lookup hashes and
// last-4 digits too (they link a person across cases), names are masked (张三 → 张*), photos are
// deleted from the store. What statistics read — region, category, channel, services, status,
// outcome, dates, step, rating, the timeline's types — is kept, so the dashboard rollups do not move.
// Each case gets a `case.anonymised` timeline event; the run is audited with its count.

export interface RetentionResult {
  cutoff: string | null;
  cases: number;
  sealedFields: number;
  photos: number;
}

const BATCH = 100;

/** A stored party with its sealed fields removed and its name masked; the count of fields removed. */
function scrubParties(parties: unknown): { value: unknown; removed: number } {
  const m = mapSealed(parties, () => null);
  const value = Array.isArray(m.value)
    ? m.value.map((p) =>
        p && typeof p === "object" && typeof (p as { name?: unknown }).name === "string"
          ? { ...(p as object), name: maskName((p as { name: string }).name) }
          : p,
      )
    : m.value;
  return { value, removed: m.changed };
}

export async function runRetention(
  ctx: AppContext,
  o: { years?: number; now?: Date } = {},
): Promise<RetentionResult> {
  const years = o.years ?? ctx.config.retentionYears;
  const now = o.now ?? ctx.clock.now();
  if (years <= 0) return { cutoff: null, cases: 0, sealedFields: 0, photos: 0 };
  const cutoff = new Date(now);
  cutoff.setUTCFullYear(cutoff.getUTCFullYear() - Math.floor(years));
  cutoff.setUTCDate(cutoff.getUTCDate() - Math.round((years % 1) * 365));
  const result: RetentionResult = { cutoff: cutoff.toISOString(), cases: 0, sealedFields: 0, photos: 0 };
  const store = photoStore(ctx.config);
  for (;;) {
    const batch = await ctx.db.transaction().execute(async (tx) => {
      // SKIP LOCKED: a case being worked on right now is taken by the next run.
      const rows = (
        await sql<CaseRow>`
          SELECT c.* FROM cases c
          WHERE c.status = 'closed' AND coalesce(c.closed_at, c.updated_at) < ${cutoff}
            AND NOT EXISTS (SELECT 1 FROM case_anonymisations a WHERE a.case_id = c.id)
          ORDER BY c.id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`.execute(tx)
      ).rows;
      if (rows.length === 0) return null;
      const ids = rows.map((r) => r.id);
      const photos = await tx
        .deleteFrom("attachments")
        .where("case_id", "in", ids)
        .returning(["id", "case_id", "path"])
        .execute();
      // A visit that became one of these cases lets go of the photos it lent it.
      if (photos.length)
        await sql`UPDATE visits SET photo_ids = ARRAY(SELECT p FROM unnest(photo_ids) AS p
            WHERE p <> ALL(${photos.map((p) => p.id)}::uuid[]))
          WHERE case_id = ANY(${ids}::uuid[])`.execute(tx);
      const agreements = await tx
        .selectFrom("mediation_agreements")
        .select(["id", "case_id", "parties"])
        .where("case_id", "in", ids)
        .execute();
      const email = await tx
        .updateTable("open311_requests")
        .set({ email_enc: null })
        .where("case_id", "in", ids)
        .where("email_enc", "is not", null)
        .returning("case_id")
        .execute();
      await tx
        .updateTable("petitions")
        .set({ person_phone_hash: null, person_id_hash: null })
        .where("case_id", "in", ids)
        .execute();
      await sql`UPDATE window_tickets SET visitor_name = left(visitor_name, 1) || '*', visitor_phone_hash = NULL,
                  visitor_phone_last4 = NULL, visitor_id_hash = NULL, visitor_id_masked = NULL
                WHERE case_id = ANY(${ids}::uuid[])`.execute(tx);
      await sql`UPDATE window_intakes SET visitor_id_hash = NULL WHERE case_id = ANY(${ids}::uuid[])`.execute(
        tx,
      );
      // A queued or sent SMS keeps the phone it went to: dropped with the rest.
      await sql`UPDATE outbox SET payload = payload - 'to' WHERE payload ? 'to' AND payload->>'caseId' = ANY(${ids}::text[])`.execute(
        tx,
      );
      const at = now;
      for (const row of rows) {
        const parties = scrubParties(row.parties);
        let fields = parties.removed + (row.reporter_phone_enc ? 1 : 0);
        fields += email.filter((e) => e.case_id === row.id).length;
        for (const a of agreements.filter((x) => x.case_id === row.id)) {
          const s = scrubParties(a.parties);
          fields += s.removed;
          await tx
            .updateTable("mediation_agreements")
            .set({ parties: JSON.stringify(s.value) })
            .where("id", "=", a.id)
            .execute();
        }
        await tx
          .updateTable("cases")
          .set({
            parties: JSON.stringify(parties.value),
            reporter_name: maskName(row.reporter_name),
            reporter_phone_enc: null,
            reporter_phone_hash: null,
            reporter_phone_last4: null,
          })
          .where("id", "=", row.id)
          .execute();
        const nPhotos = photos.filter((p) => p.case_id === row.id).length;
        const fresh = await tx
          .selectFrom("cases")
          .selectAll()
          .where("id", "=", row.id)
          .executeTakeFirstOrThrow();
        await changeCase({
          ctx,
          tx,
          row: fresh,
          cause: {
            type: "recorded",
            event: "case.anonymised",
            data: { sealedFields: fields, photos: nPhotos, years },
          },
          now: at,
          actorId: null,
        });
        await tx
          .insertInto("case_anonymisations")
          .values({ case_id: row.id, at, sealed_fields: fields, photos: nPhotos })
          .execute();
        result.sealedFields += fields;
      }
      result.cases += rows.length;
      result.photos += photos.length;
      return photos.map((p) => p.path);
    });
    if (batch === null) break;
    // After the commit: a failed transaction must not have deleted the files its rows still name.
    for (const key of batch) await store.delete(key);
  }
  // Audited when it did something: the job runs hourly in every process.
  if (result.cases > 0)
    await audit(ctx.db, { at: now, actorId: null, action: "retention.run", entity: "cases", data: result });
  return result;
}
