import { AppError } from "@fengqiao/core";
import { sql } from "kysely";
import type { AppContext } from "../../context";
import type { SessionUser } from "../../plugins/auth";
import { presentCaseSummary } from "../cases/cases.presenter";
import { visibleTo } from "../cases/cases.repository";
import { presentTicket } from "./window.tickets";

// 重复来访: the visitor's earlier tickets and cases, matched by the keyed hash of the phone (the same
// hash cases carry) or of the ID number (kept on tickets and window intakes). Shown masked.

export async function visitorHistory(o: {
  ctx: AppContext;
  actor: SessionUser;
  phone?: string;
  idNumber?: string;
}) {
  const { ctx, actor } = o;
  if (!o.phone && !o.idNumber) {
    throw new AppError("INVALID_INPUT", { zh: "请输入手机号或身份证号", en: "Give a phone or an ID number" });
  }
  const phoneHash = o.phone ? ctx.pd.lookupHash(o.phone) : null;
  const idHash = o.idNumber ? ctx.pd.lookupHash(`id:${o.idNumber.toUpperCase()}`) : null;
  const tickets = await ctx.db
    .selectFrom("window_tickets as t")
    .innerJoin("regions as r", "r.code", "t.center_code")
    .select([
      "t.id",
      "t.label",
      "t.service",
      "t.status",
      "t.visitor_name",
      "t.visitor_phone_last4",
      "t.visitor_id_masked",
      "t.window_no",
      "t.case_id",
      "t.created_at",
      "t.called_at",
      "r.name as center_name",
    ])
    .where((eb) =>
      eb.or([
        ...(phoneHash ? [eb("t.visitor_phone_hash", "=", phoneHash)] : []),
        ...(idHash ? [eb("t.visitor_id_hash", "=", idHash)] : []),
      ]),
    )
    .where(sql<boolean>`(r.path = ${actor.regionPath} OR r.path LIKE ${`${actor.regionPath}.%`})`)
    .orderBy("t.created_at", "desc")
    .limit(50)
    .execute();
  const cases = await ctx.db
    .selectFrom("cases")
    .selectAll()
    .where(visibleTo(actor))
    .where((eb) =>
      eb.or([
        ...(phoneHash ? [eb("cases.reporter_phone_hash", "=", phoneHash)] : []),
        ...(idHash
          ? [
              eb(
                "cases.id",
                "in",
                eb.selectFrom("window_intakes").select("case_id").where("visitor_id_hash", "=", idHash),
              ),
            ]
          : []),
      ]),
    )
    .orderBy("created_at", "desc")
    .limit(50)
    .execute();
  return {
    visits: tickets.map((t) => ({ ...presentTicket(t), centerName: t.center_name })),
    cases: cases.map((c) => presentCaseSummary(c, ctx.pd)),
  };
}
