import { authorize, knownCalendarYears, ZCalendarDay, ZCalendarQuery, ZCalendarYear } from "@fengqiao/core";
import official from "chinese-days/dist/chinese-days.json" with { type: "json" };
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../context";
import { requireUser } from "../../plugins/auth";
import { deleteCalendarDay, saveCalendarDay } from "./calendar.commands";

interface CalendarEntry {
  date: string;
  kind: "holiday" | "workday";
  name: string;
}

// chinese-days stores "English,中文,n" per date; the console shows the Chinese name.
function officialDays(year: number): CalendarEntry[] {
  const pick = (days: Readonly<Record<string, string>>, kind: CalendarEntry["kind"]) =>
    Object.entries(days)
      .filter(([date]) => date.startsWith(`${year}-`))
      .map(([date, label]) => ({ date, kind, name: label.split(",")[1] ?? label }));
  return [...pick(official.holidays, "holiday"), ...pick(official.workdays, "workday")].sort((a, b) =>
    a.date.localeCompare(b.date),
  );
}

/** 节假日: the official calendar (State Council notices) next to the county's own days. */
export function calendarRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      "/calendar",
      { schema: { tags: ["calendar"], querystring: ZCalendarQuery, response: { 200: ZCalendarYear } } },
      async (req) => {
        requireUser(req);
        const { year } = req.query;
        const span = knownCalendarYears();
        const local = await ctx.db
          .selectFrom("calendar_days")
          .select(["day", "kind", "name"])
          .where("day", ">=", `${year}-01-01`)
          .where("day", "<=", `${year}-12-31`)
          .orderBy("day")
          .execute();
        return {
          year,
          known: year >= span.from && year <= span.to,
          official: officialDays(year),
          local: local.map((d) => ({ date: d.day, kind: d.kind, name: d.name })),
        };
      },
    );

    app.post("/calendar/days", { schema: { tags: ["calendar"], body: ZCalendarDay } }, async (req) => {
      const actor = requireUser(req);
      authorize(actor, "policy.manage", { regionPath: actor.regionPath });
      const day = await saveCalendarDay({ ctx, actor, day: req.body, now: ctx.clock.now() });
      return { date: day.day, kind: day.kind, name: day.name };
    });

    app.delete(
      "/calendar/days/:day",
      { schema: { tags: ["calendar"], params: z.object({ day: z.iso.date() }) } },
      async (req, reply) => {
        const actor = requireUser(req);
        authorize(actor, "policy.manage", { regionPath: actor.regionPath });
        await deleteCalendarDay({ ctx, actor, day: req.params.day, now: ctx.clock.now() });
        return reply.status(204).send();
      },
    );
  };
}
