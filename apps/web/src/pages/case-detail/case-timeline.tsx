import type { TPolicy } from "@fengqiao/core";
import { Tag, Timeline, Typography } from "antd";
import { useTranslation } from "react-i18next";
import type { TimelineEvent } from "../../api/types";
import { eventSentence } from "../../lib/event-words";
import { fmtTime } from "../../lib/time";

const COLOR: Record<string, string> = {
  "case.escalated": "red",
  "case.resolved": "green",
  "case.closed": "gray",
  "case.mediation_recorded": "blue",
  "case.called_back": "green",
  "case.callback_overdue": "red",
  "case.step_overdue": "red",
  "case.overall_overdue": "red",
  "case.rated": "purple",
};

// Free-text fields a command may carry, in the order a reader wants them.
const TEXT_FIELDS = ["reason", "summary", "text", "note", "comment", "to", "intoCode"] as const;

/** What the citizen-door events carry: the QR place, the callback's outcome, the rating. */
function CitizenTags({ d }: { d: Record<string, unknown> }) {
  const { t } = useTranslation();
  return (
    <>
      {typeof d.place === "string" && <Tag color="cyan">{d.place}</Tag>}
      {Array.isArray(d.photos) && d.photos.length > 0 && (
        <Tag>{t("event.photos", { n: d.photos.length })}</Tag>
      )}
      {d.reached === true && <Tag color="green">{t("callback.reachedYes")}</Tag>}
      {d.reached === false && <Tag color="orange">{t("callback.reachedNo")}</Tag>}
      {d.late === true && <Tag color="red">{t("event.late")}</Tag>}
      {typeof d.rating === "string" && (
        <Tag color={d.rating === "dissatisfied" ? "red" : "green"}>
          {t(`rating.${d.rating}`, { defaultValue: d.rating })}
        </Tag>
      )}
    </>
  );
}

interface BodyProps {
  e: TimelineEvent;
  policy: TPolicy | null | undefined;
  siblings: TimelineEvent[];
}

function EventBody({ e, policy, siblings }: BodyProps) {
  const { t, i18n } = useTranslation();
  const d = e.data;
  // An automatic escalation's stored reason is a fixed key ("超时自动上报 / overdue"): the sentence says it.
  const fields = TEXT_FIELDS.filter((k) => !(k === "reason" && d.auto === true));
  // The sentence already names the merge target, the referral's receiver and the warning's new colour.
  const saysTo = e.type === "case.referred" || e.type === "case.warning_changed";
  const shown = fields.filter((k) => !(k === "intoCode" || (k === "to" && saysTo)));
  const texts = shown.map((k) => d[k]).filter((v): v is string => typeof v === "string" && v !== "");
  return (
    <div data-testid="event" data-type={e.type}>
      <Typography.Text strong data-testid="event-sentence">
        {eventSentence(e, { t, en: i18n.language === "en", policy, siblings })}
      </Typography.Text>{" "}
      {typeof d.fromStep === "number" && typeof d.toStep === "number" && (
        <Tag>{t("event.step", { from: d.fromStep, to: d.toStep })}</Tag>
      )}
      {d.success === false && <Tag color="orange">{t("action.successNo")}</Tag>}
      {d.success === true && <Tag color="green">{t("action.successYes")}</Tag>}
      {typeof d.code === "string" && <Tag color="blue">{d.code}</Tag>}
      {e.type === "case.attachment_added" && typeof d.name === "string" && <Tag>{d.name}</Tag>}
      <CitizenTags d={d} />
      <div>
        <Typography.Text type="secondary">
          {fmtTime(e.at)} · {e.actor ?? t("event.system")}
        </Typography.Text>
      </div>
      {texts.map((s) => (
        <Typography.Paragraph key={s} style={{ margin: "4px 0 0", whiteSpace: "pre-wrap" }}>
          {s}
        </Typography.Paragraph>
      ))}
    </div>
  );
}

export function CaseTimeline({ events, policy }: { events: TimelineEvent[]; policy?: TPolicy | null }) {
  return (
    <Timeline
      data-testid="timeline"
      items={events.map((e) => ({
        key: e.seq,
        color: COLOR[e.type] ?? (e.type === "case.warning_changed" && e.data.to === "red" ? "red" : "blue"),
        content: (
          <EventBody
            e={e}
            policy={policy}
            siblings={events.filter((s) => s.at === e.at && s.seq !== e.seq)}
          />
        ),
      }))}
    />
  );
}
