import {
  authorize,
  ZDecisionSettle,
  ZMeetingCancel,
  ZMeetingCreate,
  ZMeetingHold,
  ZMeetingInvite,
  ZMeetingList,
  ZMeetingListQuery,
  ZMeetingSettings,
  ZMeetingView,
} from "@fengqiao/core";
import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../context";
import { requireUser } from "../../plugins/auth";
import { cancelMeeting, conveneMeeting, inviteToMeeting } from "./meetings.commands";
import { holdMeeting, settleDecision } from "./meetings.hold";
import { minutesHtml } from "./meetings.print";
import { listMeetings, meetingForActor, meetingView } from "./meetings.repository";
import { meetingSettings, saveMeetingSettings } from "./meetings.settings";
import { decisionToTask } from "./meetings.task";

const tags = ["meetings"];
const ZId = z.object({ id: z.uuid() });

/** 会诊, 要事联商, 拍板 and 府院联动 meetings: convene, invite, record, follow up decisions, print minutes. */
export function meetingsRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const view = async (req: FastifyRequest, id: string) => {
      const actor = requireUser(req);
      const m = await meetingForActor(ctx.db, actor, id, { forUpdate: false });
      return meetingView(ctx.db, actor, m);
    };

    app.get(
      "/meetings",
      { schema: { tags, querystring: ZMeetingListQuery, response: { 200: ZMeetingList } } },
      async (req) => ({ items: await listMeetings(ctx.db, requireUser(req), req.query) }),
    );

    app.post(
      "/meetings",
      { schema: { tags, body: ZMeetingCreate, response: { 201: ZMeetingView } } },
      async (req, reply) => {
        const actor = requireUser(req);
        const m = await conveneMeeting({ ctx, actor, input: req.body, now: ctx.clock.now() });
        return reply.status(201).send(await view(req, m.id));
      },
    );

    app.get(
      "/meetings/:id",
      { schema: { tags, params: ZId, response: { 200: ZMeetingView } } },
      async (req) => view(req, req.params.id),
    );

    app.post(
      "/meetings/:id/invitees",
      { schema: { tags, params: ZId, body: ZMeetingInvite, response: { 200: ZMeetingView } } },
      async (req) => {
        const actor = requireUser(req);
        await inviteToMeeting({
          ctx,
          actor,
          id: req.params.id,
          invitees: req.body.invitees,
          now: ctx.clock.now(),
        });
        return view(req, req.params.id);
      },
    );

    app.post(
      "/meetings/:id/hold",
      { schema: { tags, params: ZId, body: ZMeetingHold, response: { 200: ZMeetingView } } },
      async (req) => {
        const actor = requireUser(req);
        await holdMeeting({ ctx, actor, id: req.params.id, input: req.body, now: ctx.clock.now() });
        return view(req, req.params.id);
      },
    );

    app.post(
      "/meetings/:id/cancel",
      { schema: { tags, params: ZId, body: ZMeetingCancel, response: { 200: ZMeetingView } } },
      async (req) => {
        const actor = requireUser(req);
        await cancelMeeting({ ctx, actor, id: req.params.id, reason: req.body.reason, now: ctx.clock.now() });
        return view(req, req.params.id);
      },
    );

    app.post(
      "/meetings/:id/decisions/:decisionId/settle",
      {
        schema: {
          tags,
          params: z.object({ id: z.uuid(), decisionId: z.uuid() }),
          body: ZDecisionSettle,
          response: { 200: ZMeetingView },
        },
      },
      async (req) => {
        const actor = requireUser(req);
        await settleDecision({
          ctx,
          actor,
          meetingId: req.params.id,
          decisionId: req.params.decisionId,
          status: req.body.status,
          result: req.body.result,
          now: ctx.clock.now(),
        });
        return view(req, req.params.id);
      },
    );

    // 转为交办任务: the decision goes to its owner unit as a 交办 task whose clocks take over.
    app.post(
      "/meetings/:id/decisions/:decisionId/task",
      {
        schema: {
          tags,
          params: z.object({ id: z.uuid(), decisionId: z.uuid() }),
          body: z.object({ role: z.enum(["lead", "co"]).default("lead") }),
          response: { 200: ZMeetingView },
        },
      },
      async (req) => {
        const actor = requireUser(req);
        await decisionToTask({
          ctx,
          actor,
          meetingId: req.params.id,
          decisionId: req.params.decisionId,
          role: req.body.role,
        });
        return view(req, req.params.id);
      },
    );

    // 会议纪要, printable (A4), opened in a new tab from the meeting page.
    app.get("/meetings/:id/minutes.html", { schema: { tags, params: ZId } }, async (req, reply) => {
      const m = await view(req, req.params.id);
      return reply.type("text/html; charset=utf-8").send(minutesHtml(m));
    });

    app.get("/meeting-settings", { schema: { tags, response: { 200: ZMeetingSettings } } }, async (req) => {
      requireUser(req);
      return meetingSettings(ctx.db);
    });

    app.put(
      "/meeting-settings",
      { schema: { tags, body: ZMeetingSettings, response: { 200: ZMeetingSettings } } },
      async (req) => {
        const actor = requireUser(req);
        authorize(actor, "policy.manage", { regionPath: actor.regionPath });
        return saveMeetingSettings({ db: ctx.db, actor, value: req.body, now: ctx.clock.now() });
      },
    );
  };
}
