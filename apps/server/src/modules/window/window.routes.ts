import {
  authorize,
  DEFAULT_SERVICE_ROUTES,
  SERVICE_FORMS,
  SERVICES,
  ZCallNext,
  ZCenterClocks,
  ZCenterQuery,
  ZServiceRoutes,
  ZText,
  ZTicketCreate,
  ZTicketFinish,
  ZVisitorQuery,
  ZWindowIntake,
} from "@fengqiao/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../context";
import { requireUser } from "../../plugins/auth";
import { audit } from "../audit/audit";
import { presentCase } from "../cases/cases.presenter";
import { findCaseForActor } from "../cases/cases.repository";
import { publicBase } from "../places/html";
import { centerClocks, centerForActor, defaultCenter, saveSetting, serviceRoutes } from "./center-data";
import { receiptHtml } from "./receipt-html";
import { windowIntake } from "./window.intake";
import { callNext, finishTicket, takeTicket, windowQueue } from "./window.tickets";
import { visitorHistory } from "./window.visitors";

const tags = ["window"];
const ZId = z.object({ id: z.uuid() });

export function windowRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    // The seven services with their short forms and routes: what the intake form is built from.
    app.get("/window/services", { schema: { tags } }, async (req) => {
      const actor = requireUser(req);
      authorize(actor, "window.read", { regionPath: actor.regionPath });
      const routes = await serviceRoutes(ctx.db);
      return {
        items: SERVICES.map((s) => ({
          ...s,
          fields: SERVICE_FORMS[s.code],
          route: routes[s.code] ?? DEFAULT_SERVICE_ROUTES[s.code],
        })),
      };
    });

    app.post("/window/tickets", { schema: { tags, body: ZTicketCreate } }, async (req, reply) => {
      const ticket = await takeTicket({
        ctx,
        actor: requireUser(req),
        input: req.body,
        now: ctx.clock.now(),
      });
      return reply.status(201).send(ticket);
    });

    app.post("/window/call-next", { schema: { tags, body: ZCallNext } }, async (req) => {
      const b = req.body;
      const ticket = await callNext({
        ctx,
        actor: requireUser(req),
        ...b,
        center: b.center,
        now: ctx.clock.now(),
      });
      return { ticket };
    });

    app.post(
      "/window/tickets/:id/finish",
      { schema: { tags, params: ZId, body: ZTicketFinish } },
      async (req) =>
        finishTicket({
          ctx,
          actor: requireUser(req),
          id: req.params.id,
          status: req.body.status,
          now: ctx.clock.now(),
        }),
    );

    // The hall's board (a TV, or a phone) and the clerk's queue: numbers only, visitors masked.
    app.get("/window/queue", { schema: { tags, querystring: ZCenterQuery } }, async (req) => {
      const actor = requireUser(req);
      const center = await centerForActor(
        ctx.db,
        actor,
        defaultCenter(actor, req.query.center),
        "window.read",
      );
      return {
        center: { code: center.code, name: center.name },
        ...(await windowQueue(ctx.db, center.code, ctx.clock.now())),
      };
    });

    // The phone or ID number travels in the query string; request logs keep the path only (app.ts).
    app.get("/window/visitors", { schema: { tags, querystring: ZVisitorQuery } }, async (req) => {
      const actor = requireUser(req);
      authorize(actor, "window.operate", { regionPath: actor.regionPath });
      return visitorHistory({ ctx, actor, ...req.query });
    });

    app.post("/window/intake", { schema: { tags, body: ZWindowIntake } }, async (req, reply) => {
      const actor = requireUser(req);
      const { row, pin } = await windowIntake({ ctx, actor, input: req.body, now: ctx.clock.now() });
      return reply.status(201).send({
        case: presentCase(row, ctx.pd),
        // Shown once: only its keyed hash is stored. The receipt link carries it in the fragment.
        pin,
        receiptUrl: `/api/v1/window/receipt/${row.code}#pin=${pin}`,
      });
    });

    app.get(
      "/window/receipt/:ref",
      { schema: { tags, params: z.object({ ref: ZText.min(1).max(64) }) } },
      async (req, reply) => {
        const actor = requireUser(req);
        authorize(actor, "window.read", { regionPath: actor.regionPath });
        const row = await findCaseForActor(ctx.db, actor, req.params.ref, { forUpdate: false });
        const intake = await ctx.db
          .selectFrom("window_intakes as w")
          .innerJoin("regions as r", "r.code", "w.center_code")
          .leftJoin("window_tickets as t", "t.id", "w.ticket_id")
          .select(["w.disposition", "r.name", "t.label"])
          .where("w.case_id", "=", row.id)
          .executeTakeFirst();
        const closing = await ctx.db
          .selectFrom("case_events")
          .select("data")
          .where("case_id", "=", row.id)
          .where("type", "in", ["case.rejected", "case.referred"])
          .orderBy("seq", "desc")
          .executeTakeFirst();
        const data = (closing?.data ?? {}) as { reason?: string; to?: string };
        const reason = data.to ? `转至${data.to}：${data.reason ?? ""}` : (data.reason ?? null);
        const html = await receiptHtml({
          row,
          centerName: intake?.name ?? row.region_names?.[0] ?? "",
          disposition: intake?.disposition ?? "accept",
          reason,
          ticket: intake?.label ?? null,
          trackUrl: `${publicBase(ctx.config.publicUrl, req)}/m/track`,
          now: ctx.clock.now(),
        });
        return reply.type("text/html; charset=utf-8").send(html);
      },
    );

    // Defaults as data: the center's clock limits and the services' routes, for administrators.
    app.get("/center-settings", { schema: { tags } }, async (req) => {
      const actor = requireUser(req);
      authorize(actor, "window.read", { regionPath: actor.regionPath });
      return {
        clocks: await centerClocks(ctx.db),
        routes: await serviceRoutes(ctx.db),
        defaults: DEFAULT_SERVICE_ROUTES,
      };
    });

    app.put(
      "/center-settings",
      { schema: { tags, body: z.object({ clocks: ZCenterClocks, routes: ZServiceRoutes }) } },
      async (req) => {
        const actor = requireUser(req);
        authorize(actor, "policy.manage", { regionPath: actor.regionPath });
        const now = ctx.clock.now();
        await ctx.db.transaction().execute(async (tx) => {
          await saveSetting(tx, "center.clocks", req.body.clocks);
          await saveSetting(tx, "window.routes", req.body.routes);
          await audit(tx, {
            at: now,
            actorId: actor.userId,
            action: "center.settings_changed",
            entity: "settings",
            entityId: null,
            data: req.body,
          });
        });
        return { clocks: req.body.clocks, routes: req.body.routes, defaults: DEFAULT_SERVICE_ROUTES };
      },
    );
  };
}
