import { call, login, type Session, sampleCase, type TestEnv, type Tree } from "./helpers";

// A township with 热心大姐调解室 and its mediator, a court with its clerk, and wage-arrears cases.

export interface MediationWorld {
  center: Session;
  mediator: Session;
  mediatorId: string;
  clerk: Session;
  roomId: string;
  courtId: string;
}

export async function mediationWorld(env: TestEnv, tree: Tree): Promise<MediationWorld> {
  const center = await login(env, { roles: ["center_staff"], region: tree.township });
  const court = await env.ctx.db
    .insertInto("units")
    .values({ kind: "court", name: "甘州区人民法院梁家墩法庭", region_code: tree.county })
    .returning("id")
    .executeTakeFirstOrThrow();
  const clerk = await login(env, { roles: ["department_handler"], region: tree.county, unitId: court.id });
  // The room's mediator lives in the other township: she acts on the room's cases as its member.
  const mediator = await login(env, { roles: ["mediator"], region: tree.otherTownship });
  const room = await call(env, center, {
    method: "POST",
    url: "/api/v1/mediation/rooms",
    payload: {
      kind: "room",
      name: "热心大姐调解室",
      partners: "妇联+综治",
      regionCode: tree.township,
      mediatorIds: [mediator.userId],
    },
  });
  if (room.statusCode !== 201) throw new Error(room.body);
  return { center, mediator, mediatorId: mediator.userId, clerk, roomId: room.json().id, courtId: court.id };
}

export const wageCase = (grid: string, extra: Record<string, unknown> = {}) =>
  sampleCase(grid, {
    category: "labour",
    title: "建筑工地拖欠工资",
    description: "李四在某建筑公司务工三个月，被拖欠工资一万二千元。",
    parties: [
      { role: "applicant", name: "李四", phone: "13900002222", idNumber: "620702199002021234" },
      { role: "respondent", name: "甘州某建筑公司" },
    ],
    ...extra,
  });

/** A new, accepted case; returns its code. */
export async function acceptedCase(
  env: TestEnv,
  s: Session,
  payload: Record<string, unknown>,
): Promise<string> {
  const created = await call(env, s, { method: "POST", url: "/api/v1/cases", payload });
  if (created.statusCode !== 201) throw new Error(created.body);
  const { code, version } = created.json();
  const r = await call(env, s, {
    method: "POST",
    url: `/api/v1/cases/${code}/commands`,
    payload: { type: "accept", version },
  });
  if (r.statusCode !== 200) throw new Error(r.body);
  return code;
}

export const agreementBody = (extra: Record<string, unknown> = {}) => ({
  parties: [
    {
      role: "applicant",
      name: "李四",
      idNumber: "620702199002021234",
      phone: "13900002222",
      address: "甘州区梁家墩镇五号村三社12号",
    },
    { role: "respondent", name: "甘州某建筑公司", phone: "09318000000", address: "甘州区工业园区8号" },
  ],
  facts: "李四于2026年在甘州某建筑公司工地务工，公司拖欠其工资12000元。",
  dispute: "拖欠工资数额及支付期限。",
  responsibilities: "建筑公司应按约定支付工资，承担主要责任。",
  terms: [
    {
      what: "甘州某建筑公司向李四支付工资8000元",
      how: "银行转账",
      where: "梁家墩镇综治中心",
      by: "2026-12-05",
    },
    { what: "支付剩余工资4000元", how: "现金", where: "梁家墩镇综治中心", by: "2026-12-10" },
  ],
  mediatorNames: ["王大姐"],
  ...extra,
});
