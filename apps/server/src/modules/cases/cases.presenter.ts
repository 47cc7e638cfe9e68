import {
  type CaseStatus,
  type Outcome,
  regionChainName,
  type TCaseSummary,
  type TCaseView,
  type TContacts,
  type Warning,
} from "@fengqiao/core";
import type { CaseRow } from "../../db/schema";
import { maskIdNumber, maskName, maskPhone, type PersonalData } from "../../lib/personal-data";
import type { SummaryRow } from "./cases.repository";

interface StoredParty {
  role: string;
  name: string;
  note: string | null;
  phoneEnc: string | null;
  idEnc: string | null;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
const instant = (d: Date | string) => new Date(d).toISOString();

/** The fields of a case that leave the server in lists: personal data masked, always. */
// The typed result is checked against core's response schemas (ZCaseSummary …), which the routes
// serialize with; status, outcome and warning are text in SQL, written only from core's enums.
export function presentCaseSummary(row: SummaryRow, pd: PersonalData): TCaseSummary {
  return {
    id: row.id,
    code: row.code,
    channel: row.channel,
    category: row.category,
    services: row.services,
    title: row.title,
    regionCode: row.region_code,
    regionName: row.region_names ? regionChainName(row.region_names) : null,
    policyKey: row.policy_key,
    status: row.status as CaseStatus,
    step: row.step,
    stepCount: row.step_count,
    outcome: row.outcome as Outcome | null,
    settledStep: row.settled_step,
    warning: row.warning as Warning,
    failedMediation: row.failed_mediation,
    highRisk: row.high_risk,
    missedDeadline: row.missed_deadline,
    stepDueAt: iso(row.step_due_at),
    stepWarnAt: iso(row.step_warn_at),
    overallDueAt: iso(row.overall_due_at),
    pausedAt: iso(row.paused_at),
    calendarUnknownYears: row.calendar_unknown_years,
    assignedUnitId: row.assigned_unit_id,
    assigneeId: row.assignee_id,
    reporterName: maskName(row.reporter_name),
    reporterPhone: maskPhone(row.reporter_phone_enc ? pd.decrypt(row.reporter_phone_enc) : null),
    createdAt: instant(row.created_at),
    updatedAt: instant(row.updated_at),
    version: row.version,
  };
}

/** Detail adds the description and the parties (still masked; revealing is a separate, logged call). */
export function presentCase(row: CaseRow & { region_names?: string[] | null }, pd: PersonalData): TCaseView {
  const parties = (row.parties as StoredParty[]).map((p) => ({
    role: p.role,
    name: p.name,
    note: p.note ?? null,
    phone: maskPhone(p.phoneEnc ? pd.decrypt(p.phoneEnc) : null),
    idNumber: maskIdNumber(p.idEnc ? pd.decrypt(p.idEnc) : null),
  }));
  return {
    ...presentCaseSummary(row, pd),
    description: row.description,
    parties,
    mediationAttempts: row.mediation_attempts,
    reopenCount: row.reopen_count,
    pausedFrom: row.paused_from,
    mergedInto: row.merged_into,
    resolvedAt: iso(row.resolved_at),
    closedAt: iso(row.closed_at),
  };
}

/** Full contacts, for roles that must call people back; the caller logs the reveal. */
export function revealContacts(row: CaseRow, pd: PersonalData): TContacts {
  return {
    reporter: {
      name: row.reporter_name,
      phone: row.reporter_phone_enc ? pd.decrypt(row.reporter_phone_enc) : null,
    },
    parties: (row.parties as StoredParty[]).map((p) => ({
      role: p.role,
      name: p.name,
      phone: p.phoneEnc ? pd.decrypt(p.phoneEnc) : null,
      idNumber: p.idEnc ? pd.decrypt(p.idEnc) : null,
    })),
  };
}
