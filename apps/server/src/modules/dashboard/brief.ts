import { existsSync } from "node:fs";
import { sql } from "kysely";
import { z } from "zod";
import type { AppContext } from "../../context";
import type { RegionRow } from "../../db/schema";
import { insertOutbox } from "../cases/case-store";
import { briefHtml } from "./brief-html";
import { beijingDay, dashboard } from "./dashboard.service";

const DAY = 86_400_000;
const shift = (d: string, days: number) =>
  new Date(Date.parse(`${d}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);

/** Monday of the week holding `day` (YYYY-MM-DD). */
export function mondayOf(day: string): string {
  const dow = new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return shift(day, -((dow + 6) % 7));
}

/** The week a brief covers: the one holding `week`, or by default the last complete week. */
export function briefWeek(week: string | undefined, now: Date): { from: string; to: string } {
  const from = mondayOf(week ?? shift(beijingDay(now), -7));
  return { from, to: shift(from, 6) };
}

export async function buildBrief(ctx: AppContext, region: RegionRow, actorPath: string, week?: string) {
  const now = ctx.clock.now();
  const w = briefWeek(week, now);
  const before = { from: shift(w.from, -7), to: shift(w.from, -1) };
  const [thisWeek, lastWeek] = await Promise.all([
    dashboard(ctx.db, { region, actorPath, query: { region: region.code, ...w }, now }),
    dashboard(ctx.db, { region, actorPath, query: { region: region.code, ...before }, now }),
  ]);
  const generatedAt = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace("T", " ");
  return { html: briefHtml({ week: thisWeek, before: lastWeek, generatedAt }), week: w };
}

/**
 * The brief as PDF through Chromium's own print (playwright-core driving the system Chromium), or
 * null when neither is on this machine: the page's browser print (Ctrl+P, A4) is the way then.
 */
export async function briefPdf(html: string): Promise<Buffer | null> {
  const exe = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(exe)) return null;
  let pw: typeof import("playwright-core");
  try {
    pw = await import("playwright-core");
  } catch {
    return null;
  }
  const browser = await pw.chromium.launch({
    executablePath: exe,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  try {
    const page = await browser.newPage();
    await page.setContent(html, { waitUntil: "load" });
    return await page.pdf({ format: "A4", printBackground: true, preferCSSPageSize: true });
  } finally {
    await browser.close();
  }
}

/** 周报 delivery: where to, for which region, and when (Beijing weekday 1 = Monday, hour). */
export const ZBriefDelivery = z.object({
  to: z.string().trim().min(3).max(200),
  region: z.string().regex(/^\d{2,15}$/),
  weekday: z.number().int().min(1).max(7).default(1),
  hour: z.number().int().min(0).max(23).default(8),
});
export type BriefDelivery = z.infer<typeof ZBriefDelivery>;
export const DELIVERY_KEY = "brief.delivery";
const SENT_KEY = "brief.lastSent";

/**
 * Puts last week's brief in the outbox once per week, at or after the configured weekday and hour.
 * The week's marker in `settings` and the outbox row are written in one transaction, and only by
 * the process whose upsert changed the marker: several processes never send it twice.
 */
export async function deliverBriefIfDue(ctx: AppContext): Promise<boolean> {
  const setting = await ctx.db
    .selectFrom("settings")
    .select("value")
    .where("key", "=", DELIVERY_KEY)
    .executeTakeFirst();
  const parsed = ZBriefDelivery.safeParse(setting?.value);
  if (!parsed.success) return false;
  const cfg = parsed.data;
  const now = ctx.clock.now();
  const local = new Date(now.getTime() + 8 * 3_600_000);
  const today = local.toISOString().slice(0, 10);
  const dueAt = shift(mondayOf(today), cfg.weekday - 1);
  if (today < dueAt || (today === dueAt && local.getUTCHours() < cfg.hour)) return false;
  const region = await ctx.db
    .selectFrom("regions")
    .selectAll()
    .where("code", "=", cfg.region)
    .executeTakeFirst();
  if (!region) return false;
  const brief = await buildBrief(ctx, region, region.path);
  return ctx.db.transaction().execute(async (tx) => {
    const marked = await sql`
      INSERT INTO settings (key, value) VALUES (${SENT_KEY}, ${JSON.stringify(brief.week.from)}::jsonb)
      ON CONFLICT (key) DO UPDATE SET value = excluded.value WHERE settings.value <> excluded.value`.execute(
      tx,
    );
    if (Number(marked.numAffectedRows ?? 0) === 0) return false;
    await insertOutbox(
      tx,
      [
        {
          topic: "brief.weekly",
          payload: {
            to: cfg.to,
            region: region.code,
            subject: `${region.name}周报 ${brief.week.from} 至 ${brief.week.to}`,
            html: brief.html,
          },
        },
      ],
      now,
    );
    return true;
  });
}
