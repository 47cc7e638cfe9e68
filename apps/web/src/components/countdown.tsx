import { warningLevel } from "@fengqiao/core";
import { useTranslation } from "react-i18next";
import type { CaseSummary } from "../api/types";
import { redReasons } from "../lib/event-words";
import { fmtSpan } from "../lib/time";
import { WarningTag } from "./tags";

const OPEN = new Set(["submitted", "accepted", "mediating", "paused"]);

/** The live warning, judged in the browser by the same core rule the server's sweep applies. */
export function liveWarning(c: CaseSummary, now: Date) {
  return warningLevel({
    now,
    warnAt: c.stepWarnAt ? new Date(c.stepWarnAt) : null,
    dueAt: c.stepDueAt ? new Date(c.stepDueAt) : null,
    overallDueAt: c.overallDueAt ? new Date(c.overallDueAt) : null,
    paused: c.status === "paused",
    failedMediation: c.failedMediation,
    highRisk: c.highRisk,
  });
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

export function Countdown({ c, now }: { c: CaseSummary; now: Date }) {
  // Plain spans (styles.css), not Typography: a queue renders a hundred of these every second.
  if (!c.stepDueAt || !OPEN.has(c.status)) return <span className="fq-secondary">—</span>;
  return <DueCountdown dueAt={c.stepDueAt} now={now} />;
}

/** Countdown plus the warning tag, the pair every queue row shows. */
export function DeadlineCell({ c, now }: { c: CaseSummary; now: Date }) {
  const { t } = useTranslation();
  // The stored warning may lag the sweep by seconds; the worse of the two is what the user must see.
  const live = OPEN.has(c.status) ? liveWarning(c, now) : c.warning;
  const rank = { blue: 0, yellow: 1, red: 2 } as const;
  const shown = rank[live] >= rank[c.warning] ? live : c.warning;
  return (
    <span className="fq-deadline">
      <WarningTag warning={shown} why={shown === "red" ? redReasons(c, now, t) : undefined} />
      <Countdown c={c} now={now} />
    </span>
  );
}
