import { addDuration, SIJI_QITIAN } from "@fengqiao/core";
import type { AppContext } from "../context";
import { atOrBelow } from "../db/subtree";
import { sweepClocks } from "../jobs/clock-sweep";
import { createCase, runCaseCommand } from "../modules/cases/cases.commands";
import { dispatchInTx, taskCommand } from "../modules/tasks/tasks.commands";
import { taskSettings } from "../modules/tasks/tasks.repository";
import { actorByUsername } from "../plugins/auth";

const HOUR = 3600_000;

/**
 * 交办督办 in the demo county, so 督办, the department's workbench and a case's task cards are not empty
 * on a first start: a wage dispute that climbed to the 梁家墩 center, whose task to the 人社局 (user `dept`)
 * was given more than a working day ago and never signed for (a yellow 督办单 by the sweep); another this
 * morning which 人社局 赵强 has signed for; and a co-task to the 住建局. Dispatched in the past on the real
 * commands; the seed's sweep does the rest.
 */
export async function seedTasks(ctx: AppContext, units: Map<string, string>) {
  const center = await actorByUsername(ctx.db, "center");
  const dept = await actorByUsername(ctx.db, "dept");
  const hrss = units.get("hrss");
  const housing = units.get("housing");
  if (!hrss || !housing) return;
  // Open cases of 梁家墩镇, labour disputes first (the 人社局's business), the longest untouched first.
  const township = await ctx.db
    .selectFrom("regions")
    .select("path")
    .where("code", "=", "620702100")
    .executeTakeFirstOrThrow();
  const open = await ctx.db
    .selectFrom("cases")
    .select(["id", "updated_at"])
    .where(atOrBelow("cases.region_path", township.path))
    .where("status", "in", ["submitted", "accepted", "mediating"])
    .orderBy((eb) => eb("category", "=", "labour"), "desc")
    .orderBy("updated_at")
    .limit(3)
    .execute();
  const [, second, third] = open;
  const now = ctx.clock.now().getTime();
  // Never before the case's last change: the timeline reads in the order things happened.
  const give = (
    c: { id: string; updated_at: Date | string },
    unitId: string,
    role: "lead" | "co",
    instructions: string,
    ago: number,
  ) =>
    ctx.db.transaction().execute((tx) =>
      dispatchInTx({
        ctx,
        tx,
        actor: center,
        caseRef: c.id,
        input: { unitId, role, instructions, days: 3, counting: "working", attachmentIds: [] },
        now: new Date(Math.max(now - ago, new Date(c.updated_at).getTime() + 60_000)),
      }),
    );
  await unsignedTask(ctx, hrss);
  if (second) {
    const id = await give(second, hrss, "lead", "调取劳动合同与考勤记录，答复处理意见", 2 * HOUR);
    await taskCommand({ ctx, actor: dept, taskId: id, command: { type: "sign" } });
  }
  if (third) await give(third, housing, "co", "协助核查涉事房屋及施工方资质，提供书面意见", 20 * HOUR);
  // As in seedCases: the deadlines already passed run out now, as they would have.
  await sweepClocks(ctx);
}

/**
 * The unsigned task needs a case older than the demo's open ones (they came in today, so a task on them
 * is not yet late): a wage dispute reported a few hours before the task, escalated by the grid and the
 * village to the center, which gave it to the 人社局. The dispatch is put far enough back that its 签收
 * deadline (working days, so a weekend or holiday in between moves it) passed an hour ago.
 */
async function unsignedTask(ctx: AppContext, hrss: string) {
  const now = ctx.clock.now();
  const policy = await ctx.rules.policy(SIJI_QITIAN.key);
  if (!policy) return;
  const working = { ...(await ctx.rules.calendar(policy)), counting: "working" as const };
  const { signLimit } = await taskSettings(ctx.db);
  let dispatchedAt = new Date(now.getTime() - 26 * HOUR);
  for (let i = 0; i < 14; i += 1) {
    if (addDuration(dispatchedAt, signLimit, working).due.getTime() <= now.getTime() - HOUR) break;
    dispatchedAt = new Date(dispatchedAt.getTime() - 24 * HOUR);
  }
  const at = (hoursBefore: number) => new Date(dispatchedAt.getTime() - hoursBefore * HOUR);
  const grid = await actorByUsername(ctx.db, "grid");
  const cadre = await actorByUsername(ctx.db, "cadre");
  const center = await actorByUsername(ctx.db, "center");
  const row = await createCase({
    ctx,
    actor: grid,
    input: {
      channel: "grid",
      category: "labour",
      title: "梁家墩村12名务工人员讨要蔬菜大棚工程工资",
      description:
        "梁家墩村12名村民在村东蔬菜大棚项目务工两个月，包工头以甲方未结算为由拖欠工资约9.6万元，务工人员情绪激动，要求尽快解决。",
      regionCode: "620702100201001",
      parties: [
        { role: "applicant", name: "周建军", phone: "13909361201" },
        { role: "respondent", name: "某建筑劳务公司" },
      ],
      reporter: { name: "周建军", phone: "13909361201" },
      highRisk: false,
    },
    now: at(4),
  });
  let version = row.version;
  const step = async (actor: typeof grid, body: Record<string, unknown>, hoursBefore: number) => {
    const r = await runCaseCommand({
      ctx,
      actor,
      caseRef: row.id,
      body: { ...body, version } as Parameters<typeof runCaseCommand>[0]["body"],
      now: at(hoursBefore),
    });
    version = r.version;
  };
  await step(grid, { type: "accept" }, 3.5);
  await step(grid, { type: "escalate", reason: "涉及人数多、金额大，网格内无法化解", auto: false }, 3);
  await step(cadre, { type: "escalate", reason: "包工头在外地，需综治中心协调劳动监察", auto: false }, 2);
  await ctx.db.transaction().execute((tx) =>
    dispatchInTx({
      ctx,
      tx,
      actor: center,
      caseRef: row.id,
      input: {
        unitId: hrss,
        role: "lead",
        instructions: "核实用工关系及欠薪金额，依法督促支付",
        days: 3,
        counting: "working",
        attachmentIds: [],
      },
      now: dispatchedAt,
    }),
  );
}
