import { effectiveWarning, isOpen } from "@fengqiao/core";
import { useTranslation } from "react-i18next";
import type { CaseSummary } from "../api/types";
import { redReasons } from "../lib/event-words";
import { fmtSpan } from "../lib/time";
import { WarningTag } from "./tags";

const date = (iso: string | null) => (iso ? new Date(iso) : null);

/** The live warning, judged in the browser by the same core function the server's transitions use. */
export function liveWarning(c: CaseSummary, now: Date) {
  const fields = {
    stepWarnAt: date(c.stepWarnAt),
    stepDueAt: date(c.stepDueAt),
    overallDueAt: date(c.overallDueAt),
    pausedAt: date(c.pausedAt),
    highRisk: c.highRisk,
    missedDeadline: c.missedDeadline,
  };
  return effectiveWarning(c, fields, now);
}

/** "剩余 12分3秒" / "已超期 2分" to any deadline; red and bold once it has passed. */
export function DueCountdown({ dueAt, now, testId }: { dueAt: string; now: Date; testId?: string }) {
  const { t, i18n } = useTranslation();
  const ms = new Date(dueAt).getTime() - now.getTime();
  const en = i18n.language === "en";
  return (
    <span className={ms < 0 ? "fq-countdown fq-overdue" : "fq-countdown"} data-testid={testId}>
      {ms < 0 ? t("common.overdueBy", { d: fmtSpan(ms, en) }) : t("common.left", { d: fmtSpan(ms, en) })}
    </span>
  );
}

/** "暂停中 · 已暂停 3小时": a paused case's clocks stand still, so its old due time is no countdown. */
export function PausedFor({ pausedAt, now }: { pausedAt: string | null; now: Date }) {
  const { t, i18n } = useTranslation();
  const since = pausedAt ? now.getTime() - new Date(pausedAt).getTime() : null;
  return (
    <span className="fq-countdown fq-paused" data-testid="paused-for">
      {since === null ? t("con.paused") : t("con.pausedFor", { d: fmtSpan(since, i18n.language === "en") })}
    </span>
  );
}

export function Countdown({ c, now }: { c: CaseSummary; now: Date }) {
  if (c.status === "paused") return <PausedFor pausedAt={c.pausedAt} now={now} />;
  // Plain spans (styles.css), not Typography: a queue renders a hundred of these every second.
  if (!c.stepDueAt || !isOpen(c.status)) return <span className="fq-secondary">—</span>;
  return <DueCountdown dueAt={c.stepDueAt} now={now} />;
}

/** Countdown plus the warning tag, the pair every queue row shows. */
export function DeadlineCell({ c, now }: { c: CaseSummary; now: Date }) {
  const { t } = useTranslation();
  // The stored warning may lag the sweep by seconds; the worse of the two is what the user must see.
  const live = isOpen(c.status) ? liveWarning(c, now) : c.warning;
  const rank = { blue: 0, yellow: 1, red: 2 } as const;
  const shown = rank[live] >= rank[c.warning] ? live : c.warning;
  return (
    <span className="fq-deadline">
      <WarningTag warning={shown} why={shown === "red" ? redReasons(c, now, t) : undefined} />
      <Countdown c={c} now={now} />
    </span>
  );
}
