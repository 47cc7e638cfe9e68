import type { AppContext } from "../context";
import { atOrBelow } from "../db/subtree";
import { sweepClocks } from "../jobs/clock-sweep";
import { dispatchInTx, taskCommand } from "../modules/tasks/tasks.commands";
import { actorByUsername } from "../plugins/auth";

const HOUR = 3600_000;

/**
 * 交办督办 in the demo county, so 督办, the department's workbench and a case's task cards are not empty
 * on a first start: the 梁家墩 center has given the 人社局 (user `dept`) a wage dispute to verify two
 * days ago (its 签收 is overdue: a yellow 督办单 by the sweep), another this morning which 人社局 赵强 has
 * signed for, and the 住建局 a co-task. Dispatched in the past on the real commands; the seed's sweep
 * does the rest.
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
  const [first, second, third] = open;
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
  if (first) await give(first, hrss, "lead", "核实用工关系及欠薪金额，依法督促支付", 50 * HOUR);
  if (second) {
    const id = await give(second, hrss, "lead", "调取劳动合同与考勤记录，答复处理意见", 2 * HOUR);
    await taskCommand({ ctx, actor: dept, taskId: id, command: { type: "sign" } });
  }
  if (third) await give(third, housing, "co", "协助核查涉事房屋及施工方资质，提供书面意见", 20 * HOUR);
  // As in seedCases: the deadlines already passed run out now, as they would have.
  await sweepClocks(ctx);
}
