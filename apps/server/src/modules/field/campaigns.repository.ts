import {
  CAMPAIGN_KINDS,
  type CampaignProgress,
  type ChecklistItem,
  campaignProgress,
  campaignStatus,
  inSubtree,
} from "@fengqiao/core";
import { sql } from "kysely";
import type { Db, Tx } from "../../db/database";
import { atOrBelow } from "../../db/subtree";
import type { SessionUser } from "../../plugins/auth";
import { iso, notFound } from "./field.shared";

export interface CampaignRow {
  id: string;
  title: string;
  kind: string;
  region_code: string;
  region_path: string;
  region_name: string;
  starts_at: Date;
  due_at: Date;
  target: string;
  checklist: unknown;
  created_at: Date;
}

/** Campaigns the actor works in: those covering the actor's region, and those inside it. */
export function campaignsQuery(db: Db | Tx, actor: SessionUser) {
  return db
    .selectFrom("campaigns as c")
    .innerJoin("regions as r", "r.code", "c.region_code")
    .select([
      "c.id",
      "c.title",
      "c.kind",
      "c.region_code",
      "c.region_path",
      "r.name as region_name",
      "c.starts_at",
      "c.due_at",
      "c.target",
      "c.checklist",
      "c.created_at",
    ])
    .where((eb) =>
      eb.or([
        atOrBelow("c.region_path", actor.regionPath),
        sql<boolean>`${actor.regionPath} LIKE c.region_path || '.%'`,
      ]),
    );
}

export async function campaignForActor(db: Db | Tx, actor: SessionUser, id: string): Promise<CampaignRow> {
  const row = await campaignsQuery(db, actor).where("c.id", "=", id).executeTakeFirst();
  if (!row) throw notFound();
  return row as CampaignRow;
}

/** The part of the campaign's area the actor answers for: the deeper of the two regions. */
export const areaOf = (c: { region_path: string }, actor: SessionUser) =>
  inSubtree(actor.regionPath, c.region_path) ? actor.regionPath : c.region_path;

export function presentCampaign(c: CampaignRow, now: Date, counts: { done: number; total: number }) {
  const kind = CAMPAIGN_KINDS[c.kind as keyof typeof CAMPAIGN_KINDS];
  return {
    id: c.id,
    title: c.title,
    kind: c.kind,
    kindName: kind ?? null,
    regionCode: c.region_code,
    regionName: c.region_name,
    startsAt: iso(c.starts_at),
    dueAt: iso(c.due_at),
    target: c.target,
    checklist: c.checklist as ChecklistItem[],
    status: campaignStatus({ startsAt: new Date(c.starts_at), dueAt: new Date(c.due_at) }, now),
    done: counts.done,
    total: counts.total,
  };
}

/**
 * Per grid of `area`: households (or places reported, for a place campaign), those with a result,
 * those with a positive one. Set-based: one query whatever the number of households.
 */
async function gridCounts(db: Db | Tx, c: CampaignRow, area: string) {
  if (c.target === "place") {
    const rows = await sql<{ grid_path: string; total: string; positive: string }>`
      SELECT region_path AS grid_path, count(DISTINCT place) AS total,
             count(DISTINCT place) FILTER (WHERE positive) AS positive
      FROM campaign_results WHERE campaign_id = ${c.id} AND ${atOrBelow("region_path", area)}
      GROUP BY region_path`.execute(db);
    return rows.rows.map((r) => ({
      gridPath: r.grid_path,
      total: Number(r.total),
      done: Number(r.total),
      positive: Number(r.positive),
    }));
  }
  const rows = await sql<{ grid_path: string; total: string; done: string; positive: string }>`
    SELECT g.path AS grid_path, count(*) AS total,
           count(*) FILTER (WHERE x.household_id IS NOT NULL) AS done,
           count(*) FILTER (WHERE x.positive) AS positive
    FROM households h
    JOIN regions g ON g.code = h.grid_code
    LEFT JOIN (SELECT household_id, bool_or(positive) AS positive FROM campaign_results
               WHERE campaign_id = ${c.id} AND household_id IS NOT NULL GROUP BY household_id) x
      ON x.household_id = h.id
    WHERE ${atOrBelow("g.path", area)}
    GROUP BY g.path`.execute(db);
  return rows.rows.map((r) => ({
    gridPath: r.grid_path,
    total: Number(r.total),
    done: Number(r.done),
    positive: Number(r.positive),
  }));
}

export async function progressOf(db: Db | Tx, c: CampaignRow, area: string): Promise<CampaignProgress> {
  const grids = await gridCounts(db, c, area);
  const children = await sql<{ code: string; name: string }>`
    SELECT r.code, r.name FROM regions r JOIN regions p ON p.code = r.parent_code
    WHERE p.path = ${area} ORDER BY r.code`.execute(db);
  return campaignProgress(area, grids, children.rows);
}

/** Households of `area` and whether each has a result (the grid worker's checklist of doors). */
export async function householdsDone(db: Db | Tx, campaignId: string, area: string) {
  const rows = await sql<{ id: string; address: string; done: boolean }>`
    SELECT h.id, h.address,
      EXISTS (SELECT 1 FROM campaign_results r WHERE r.campaign_id = ${campaignId} AND r.household_id = h.id) AS done
    FROM households h JOIN regions g ON g.code = h.grid_code
    WHERE ${atOrBelow("g.path", area)}
    ORDER BY h.grid_code, h.address LIMIT 1000`.execute(db);
  return rows.rows;
}
