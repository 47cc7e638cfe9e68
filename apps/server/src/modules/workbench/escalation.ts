import { authorize, escalationTargets, policyStep, QUEUE_LEVELS, type TPolicy } from "@fengqiao/core";
import type { Db } from "../../db/database";
import type { CaseRow } from "../../db/schema";
import type { SessionUser } from "../../plugins/auth";
import { stateOf } from "../cases/case-store";
import { caseResource } from "../cases/cases.repository";

// Region levels in a case's path: province.city.county.township.village.grid (same as notifyStep).
const LEVEL_DEPTH: Record<string, number> = {
  county: 3,
  center: 4,
  township: 4,
  village: 5,
  grid: 6,
  beyond: 3,
};

export interface EscalationChoice {
  kind: "next" | "takeOver" | "above";
  toStep: number;
  /** The step's name, or null beyond the ladder (上交). */
  stepName: { zh: string; en: string } | null;
  level: string;
  /** The region whose people hold that step (their village, their township …). */
  regionName: string | null;
}

/**
 * Where the escalate dialog can send a case, said in words: "上报至：组团（梁家墩村）". A cadre whose
 * own rung is higher up gets two choices, take over at their level or escalate above it.
 */
export async function escalationChoices(
  db: Db,
  actor: SessionUser,
  row: CaseRow,
  policy: TPolicy,
): Promise<EscalationChoice[]> {
  authorize(actor, "case.escalate", caseResource(row, policy));
  const levels = actor.roles.flatMap((r) => QUEUE_LEVELS[r] ?? []);
  const t = escalationTargets(
    stateOf(row),
    policy.steps.map((s) => s.level),
    levels,
  );
  if (row.step > row.step_count) return [];
  const picks: [EscalationChoice["kind"], number][] =
    t.takeOver === null
      ? [["next", t.next]]
      : [
          ["takeOver", t.takeOver],
          ...(t.above === null ? [] : ([["above", t.above]] as [EscalationChoice["kind"], number][])),
        ];
  const path = row.region_path.split(".");
  const codes = picks.map(([, step]) => {
    const level = policyStep(policy, step)?.level ?? "beyond";
    return path[Math.min(path.length, LEVEL_DEPTH[level] ?? 3) - 1] ?? row.region_code;
  });
  const names = new Map(
    (await db.selectFrom("regions").select(["code", "name"]).where("code", "in", codes).execute()).map(
      (r) => [r.code, r.name],
    ),
  );
  return picks.map(([kind, toStep], i) => {
    const step = policyStep(policy, toStep);
    return {
      kind,
      toStep,
      stepName: step ? step.name : null,
      level: step?.level ?? "beyond",
      regionName: names.get(codes[i] ?? "") ?? null,
    };
  });
}
