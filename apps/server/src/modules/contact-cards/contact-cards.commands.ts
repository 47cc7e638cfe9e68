import { AppError, inSubtree } from "@fengqiao/core";
import type { AppContext } from "../../context";
import type { SessionUser } from "../../plugins/auth";
import { audit } from "../audit/audit";

/** The work phone and title a staff member's card shows; staff in the same jurisdiction keep them current. */
export async function updateCardMember(o: {
  ctx: AppContext;
  actor: SessionUser;
  userId: string;
  input: { workPhone: string | null; workTitle: string | null };
}) {
  const { ctx, actor, input } = o;
  const user = await ctx.db
    .selectFrom("users as u")
    .innerJoin("regions as r", "r.code", "u.region_code")
    .select(["u.id", "r.path"])
    .where("u.id", "=", o.userId)
    .executeTakeFirst();
  if (!user || !inSubtree(user.path, actor.regionPath)) throw new AppError("NOT_FOUND_OR_NO_ACCESS");
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .updateTable("users")
      .set({ work_phone: input.workPhone, work_title: input.workTitle })
      .where("id", "=", user.id)
      .execute();
    const entry = { action: "user.card_updated", entity: "user", entityId: user.id, data: input };
    await audit(tx, { at: now, actorId: actor.userId, ...entry });
  });
  return { userId: user.id, ...input };
}
