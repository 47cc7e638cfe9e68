import { type Role, SIJI_QITIAN } from "@fengqiao/core";
import { call, login, type Session, sampleCase, type TestEnv, type Tree } from "./helpers";

// Shared by the meetings tests: units of a township and its county, people to convene and to owe
// decisions, and cases brought up the ladder to the step a meeting needs.

export interface MeetingWorld {
  justice: string; // 司法所 (township)
  land: string; // 自然资源所 (county department)
  court: string; // 人民法庭
  center: Session; // 综治中心 staff of the township
  leader: Session; // township leader (拍板)
  landHandler: Session; // handler of the land department
}

export async function unit(env: TestEnv, kind: string, name: string, regionCode: string) {
  const row = await env.ctx.db
    .insertInto("units")
    .values({ kind, name, region_code: regionCode, stationing: null })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * The four-level ladder with a month per step: a decision's follow-up clock can run over without a
 * ladder deadline running out first, so a red case is red because of the decision.
 */
export const SLOW_LADDER = "meet-slow";

export async function meetingWorld(env: TestEnv, tree: Tree): Promise<MeetingWorld> {
  const slow = {
    ...SIJI_QITIAN,
    key: SLOW_LADDER,
    overallLimit: "P120D",
    steps: SIJI_QITIAN.steps.map((s) => ({ ...s, limit: "P30D" })),
  };
  await env.ctx.db
    .insertInto("policies")
    .values({ key: SLOW_LADDER, definition: JSON.stringify(slow) })
    .onConflict((oc) => oc.column("key").doNothing())
    .execute();
  const justice = await unit(env, "justice_office", "司法所", tree.township);
  const land = await unit(env, "department", "自然资源所", tree.county);
  const court = await unit(env, "court", "人民法庭", tree.county);
  const as = (roles: Role[], region: string, unitId: string | null = null) =>
    login(env, { roles, region, unitId });
  return {
    justice,
    land,
    court,
    center: await as(["center_staff"], tree.township),
    leader: await as(["township_leader"], tree.township),
    landHandler: await as(["department_handler"], tree.county, land),
  };
}

export const caseVersion = async (env: TestEnv, id: string) =>
  (await env.ctx.db.selectFrom("cases").select("version").where("id", "=", id).executeTakeFirstOrThrow())
    .version;

/** A new case at the grid, escalated by `who` until it stands at `step` (3 = 会诊, 4 = 拍板). */
export async function caseAtStep(
  env: TestEnv,
  who: Session,
  grid: string,
  step: number,
  title = "承包地边界纠纷",
) {
  const res = await call(env, who, {
    method: "POST",
    url: "/api/v1/cases",
    payload: sampleCase(grid, {
      category: "forest_land",
      title,
      description: `${title}，双方对界桩位置各执一词。`,
      policyKey: SLOW_LADDER,
    }),
  });
  if (res.statusCode !== 201) throw new Error(res.body);
  const id = res.json().id as string;
  for (let s = 1; s < step; s++) {
    const up = await call(env, who, {
      method: "POST",
      url: `/api/v1/cases/${id}/commands`,
      payload: { type: "escalate", reason: "需要上一级处理", version: await caseVersion(env, id) },
    });
    if (up.statusCode !== 200) throw new Error(up.body);
  }
  return id;
}

export const eventTypes = async (env: TestEnv, caseId: string) =>
  (
    await env.ctx.db
      .selectFrom("case_events")
      .select("type")
      .where("case_id", "=", caseId)
      .orderBy("seq")
      .execute()
  ).map((e) => e.type);

export const inTwoHours = (env: TestEnv) =>
  new Date(env.ctx.clock.now().getTime() + 2 * 3600_000).toISOString();

export function convene(env: TestEnv, who: Session, payload: Record<string, unknown>) {
  return call(env, who, { method: "POST", url: "/api/v1/meetings", payload });
}
