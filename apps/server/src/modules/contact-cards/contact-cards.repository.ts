import { AppError } from "@fengqiao/core";
import { sql } from "kysely";
import type { Db } from "../../db/database";
import { atOrBelow } from "../../db/subtree";
import { villageContacts } from "../places/places.repository";

// 书记 first, then 主任, other committee members, and the resident police officer last.
const TITLE_ORDER = ["书记", "主任", "副主任", "委员", "驻村民警"];
const rank = (t: string) => {
  const i = TITLE_ORDER.findIndex((x) => t.includes(x));
  return i < 0 ? TITLE_ORDER.length : i;
};

export interface ContactCard {
  village: { code: string; name: string; path: string };
  township: string | null;
  households: number | null;
  members: { title: string; name: string; workPhone: string | null; police: boolean }[];
  /** 有事找书记，有事找警察: the two people the card puts side by side (null when not named yet). */
  pair: { secretary: CardMember | null; officer: CardMember | null };
  qrToken: string | null;
}
type CardMember = ContactCard["members"][number];

/** 便民联系卡 of one village: work titles and work phones only — staff, never residents. */
export async function contactCard(db: Db, code: string): Promise<ContactCard> {
  const village = await db
    .selectFrom("regions as v")
    .leftJoin("regions as t", "t.code", "v.parent_code")
    .select(["v.code", "v.name", "v.path", "v.households", "t.name as township"])
    .where("v.code", "=", code)
    .where("v.level", "=", "village")
    .executeTakeFirst();
  if (!village)
    throw new AppError("NOT_FOUND_OR_NO_ACCESS", { zh: "村（社区）不存在", en: "No such village" });
  const [people, place, placed] = await Promise.all([
    villageContacts(db, code),
    villagePlace(db, code),
    placeHouseholds(db, code),
  ]);
  const members = people
    .map((p) => ({ title: p.title, name: p.name, workPhone: p.workPhone, police: p.role === "police" }))
    .sort((a, b) => rank(a.title) - rank(b.title));
  // The named resident officer (village_officers) first, else any police member of the village.
  const officerId = await db
    .selectFrom("village_officers")
    .select("user_id")
    .where("village_code", "=", code)
    .executeTakeFirst();
  const named = people.find((p) => p.userId === officerId?.user_id);
  const pick = (p: (typeof people)[number] | undefined) =>
    p ? (members.find((m) => m.name === p.name && m.police === (p.role === "police")) ?? null) : null;
  const pair = {
    secretary:
      members.find((m) => !m.police && m.title.includes("书记")) ?? members.find((m) => !m.police) ?? null,
    officer: pick(named) ?? members.find((m) => m.police) ?? null,
  };
  return {
    village: { code: village.code, name: village.name, path: village.path },
    township: village.township,
    households: village.households ?? placed,
    members,
    pair,
    qrToken: place,
  };
}

// The card's QR code opens the village's own 码上反映 point: its service window, else any place in it.
async function villagePlace(db: Db, villageCode: string): Promise<string | null> {
  const row = await db
    .selectFrom("places as p")
    .innerJoin("regions as g", "g.code", "p.region_code")
    .select("p.token")
    .where("g.parent_code", "=", villageCode)
    .orderBy(sql`(p.kind = 'window')`, "desc")
    .orderBy("p.created_at")
    .executeTakeFirst();
  return row?.token ?? null;
}

async function placeHouseholds(db: Db, villageCode: string): Promise<number | null> {
  const r = await db
    .selectFrom("places as p")
    .innerJoin("regions as g", "g.code", "p.region_code")
    .select((eb) => eb.fn.sum<string | null>("p.households").as("n"))
    .where("g.parent_code", "=", villageCode)
    .executeTakeFirst();
  return r?.n ? Number(r.n) : null;
}

/** Coverage: households reached by cards, per village in a subtree, and how many people each card names
 * (0 prints a blank "联系人待补充" card, which the console warns about before printing). */
export async function coverage(db: Db, scopePath: string) {
  const villages = await db
    .selectFrom("regions")
    .select(["code", "name", "households"])
    .where("level", "=", "village")
    .where(atOrBelow("path", scopePath))
    .orderBy("code")
    .limit(2000)
    .execute();
  const items = await Promise.all(
    villages.map(async (v) => ({
      code: v.code,
      name: v.name,
      households: v.households ?? (await placeHouseholds(db, v.code)),
      contacts: (await villageContacts(db, v.code)).length,
    })),
  );
  return { items, totalHouseholds: items.reduce((s, v) => s + (v.households ?? 0), 0) };
}
