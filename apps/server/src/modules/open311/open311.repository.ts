import { AppError } from "@fengqiao/core";
import type { Db } from "../../db/database";
import type { CaseRow } from "../../db/schema";
import { hashApiKey } from "../api-clients/api-clients.commands";
import { citizenDb } from "../intake/citizen-db";

export interface Client {
  id: string;
  name: string;
  regionCode: string;
}

/** The integration behind an api_key; a missing, unknown or disabled key is 403 as the spec says. */
export async function clientForKey(db: Db, key: unknown): Promise<Client> {
  if (typeof key !== "string" || key.length < 10 || key.length > 200) {
    throw new AppError("FORBIDDEN", { en: "api_key is missing or invalid" });
  }
  const row = await citizenDb(db)
    .selectFrom("api_clients")
    .select(["id", "name", "region_code"])
    .where("key_hash", "=", hashApiKey(key))
    .where("disabled", "=", false)
    .executeTakeFirst();
  if (!row) throw new AppError("FORBIDDEN", { en: "api_key is missing or invalid" });
  return { id: row.id, name: row.name, regionCode: row.region_code };
}

export type Open311Case = CaseRow & { lat: number | null; lng: number | null; address: string | null };

export interface RequestFilter {
  ids?: string[];
  serviceCodes?: string[];
  statuses?: ("open" | "closed")[];
  start: Date;
  end: Date;
  limit: number;
  offset: number;
}

/**
 * Only cases filed through Open311 are visible through it: a dispute reported at a window or by a
 * grid worker may name neighbours and family, and was never meant for a public feed.
 */
export async function findRequests(db: Db, f: RequestFilter): Promise<Open311Case[]> {
  let q = citizenDb(db)
    .selectFrom("cases as c")
    .innerJoin("case_origins as o", "o.case_id", "c.id")
    .selectAll("c")
    .select(["o.lat", "o.lng", "o.address"])
    .where("o.client_id", "is not", null);
  if (f.ids?.length) q = q.where("c.code", "in", f.ids);
  else {
    q = q.where("c.created_at", ">=", f.start).where("c.created_at", "<=", f.end);
    if (f.serviceCodes?.length) q = q.where("c.category", "in", f.serviceCodes);
    const st = f.statuses ?? [];
    if (st.length === 1) {
      const closed = ["resolved", "closed"];
      q = st[0] === "closed" ? q.where("c.status", "in", closed) : q.where("c.status", "not in", closed);
    }
  }
  return q.orderBy("c.created_at", "desc").orderBy("c.id", "desc").limit(f.limit).offset(f.offset).execute();
}

export async function caseForToken(db: Db, token: string) {
  return citizenDb(db)
    .selectFrom("open311_tokens as t")
    .innerJoin("cases as c", "c.id", "t.case_id")
    .select(["t.token", "c.code"])
    .where("t.token", "=", token)
    .executeTakeFirst();
}
