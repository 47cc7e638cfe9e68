import { classifyHouseholdQuery } from "@fengqiao/core";
import { type SqlBool, sql } from "kysely";
import type { Db, Tx } from "../../db/database";
import { atOrBelow } from "../../db/subtree";
import { maskName, type PersonalData } from "../../lib/personal-data";
import type { SessionUser } from "../../plugins/auth";
import { notFound } from "./field.shared";

export interface HouseholdMemberView {
  id: string;
  relation: string;
  name: string;
  phone: string | null;
  tags: string[];
}

export interface HouseholdView {
  id: string;
  code: string | null;
  gridCode: string;
  gridName: string;
  address: string;
  building: string | null;
  tags: string[];
  members: HouseholdMemberView[];
}

// Lists never decrypt (migration 0014 keeps the masked forms beside the sealed values): a phone shows
// its last four only, the name its family name.
const maskedPhone = (last4: string | null) => (last4 ? `*******${last4}` : null);

/** Households by id or by a search, with their members masked; `within` is the actor's subtree. */
export async function loadHouseholds(
  db: Db | Tx,
  o: { within: string; ids?: string[]; gridPath?: string; q?: string; pd: PersonalData; limit: number },
): Promise<HouseholdView[]> {
  let query = db
    .selectFrom("households as h")
    .innerJoin("regions as g", "g.code", "h.grid_code")
    .leftJoin("buildings as b", "b.id", "h.building_id")
    .select([
      "h.id",
      "h.code",
      "h.grid_code",
      "g.name as grid_name",
      "h.address",
      "b.name as building",
      "h.tags",
    ])
    .where(atOrBelow("g.path", o.within));
  if (o.ids)
    query = query.where("h.id", "in", o.ids.length ? o.ids : ["00000000-0000-0000-0000-000000000000"]);
  if (o.gridPath) query = query.where(atOrBelow("g.path", o.gridPath));
  const q = classifyHouseholdQuery(o.q);
  if (q.kind !== "all") query = query.where(searchCondition(q, o.pd));
  const rows = await query.orderBy("h.grid_code").orderBy("h.address").limit(o.limit).execute();
  if (rows.length === 0) return [];
  const members = await db
    .selectFrom("household_members")
    .select(["id", "household_id", "relation", "name_masked", "phone_last4", "tags"])
    .where(
      "household_id",
      "in",
      rows.map((r) => r.id),
    )
    .orderBy("household_id")
    .orderBy("position")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    gridCode: r.grid_code,
    gridName: r.grid_name,
    address: r.address,
    building: r.building,
    tags: r.tags,
    members: members
      .filter((m) => m.household_id === r.id)
      .map((m) => ({
        id: m.id,
        relation: m.relation,
        name: m.name_masked,
        phone: maskedPhone(m.phone_last4),
        tags: m.tags,
      })),
  }));
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function searchCondition(
  q: Exclude<ReturnType<typeof classifyHouseholdQuery>, { kind: "all" }>,
  pd: PersonalData,
) {
  const memberWhere = (cond: ReturnType<typeof sql<SqlBool>>) =>
    sql<SqlBool>`EXISTS (SELECT 1 FROM household_members m WHERE m.household_id = h.id AND ${cond})`;
  const addressLike = (s: string) => {
    const pattern = `%${likeEscape(s)}%`;
    return sql<SqlBool>`(h.address ILIKE ${pattern} OR b.name ILIKE ${pattern})`;
  };
  switch (q.kind) {
    case "phoneLast4":
      return memberWhere(sql<SqlBool>`m.phone_last4 = ${q.last4}`);
    case "name":
      return sql<SqlBool>`(${memberWhere(sql<SqlBool>`m.name_hash = ${pd.lookupHash(q.name)}`)} OR ${addressLike(q.address)})`;
    case "address":
      return addressLike(q.address);
  }
}

/** One household the actor may see, or 404. */
export async function householdForActor(
  db: Db | Tx,
  actor: SessionUser,
  id: string,
  pd: PersonalData,
): Promise<HouseholdView & { gridPath: string }> {
  const [h] = await loadHouseholds(db, { within: actor.regionPath, ids: [id], pd, limit: 1 });
  if (!h) throw notFound();
  const g = await db
    .selectFrom("regions")
    .select("path")
    .where("code", "=", h.gridCode)
    .executeTakeFirstOrThrow();
  return { ...h, gridPath: g.path };
}

/** The sealed and masked columns of one member (migration 0014). */
export function sealMember(
  pd: PersonalData,
  m: { relation: string; name: string; phone?: string; idNumber?: string; tags: string[] },
) {
  const phone = m.phone ? m.phone.replace(/\D/g, "") : null;
  const idNumber = m.idNumber ? m.idNumber.toUpperCase() : null;
  return {
    relation: m.relation,
    name_enc: pd.encrypt(m.name),
    name_hash: pd.lookupHash(m.name),
    name_masked: maskName(m.name) ?? "*",
    phone_enc: phone ? pd.encrypt(phone) : null,
    phone_hash: phone ? pd.lookupHash(phone) : null,
    phone_last4: phone ? phone.slice(-4) : null,
    id_number_enc: idNumber ? pd.encrypt(idNumber) : null,
    id_number_hash: idNumber ? pd.lookupHash(idNumber) : null,
    tags: m.tags,
  };
}
