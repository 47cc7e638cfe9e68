import { warningLevel } from "@fengqiao/core";
import { Space, Typography } from "antd";
import { useTranslation } from "react-i18next";
import type { CaseSummary } from "../api/types";
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

export function Countdown({ c, now }: { c: CaseSummary; now: Date }) {
  const { t, i18n } = useTranslation();
  if (!c.stepDueAt || !OPEN.has(c.status)) return <Typography.Text type="secondary">—</Typography.Text>;
  const ms = new Date(c.stepDueAt).getTime() - now.getTime();
  const en = i18n.language === "en";
  return (
    <Typography.Text type={ms < 0 ? "danger" : undefined} strong={ms < 0} className="fq-countdown">
      {ms < 0 ? t("common.overdueBy", { d: fmtSpan(ms, en) }) : t("common.left", { d: fmtSpan(ms, en) })}
    </Typography.Text>
  );
}

/** Countdown plus the warning tag, the pair every queue row shows. */
export function DeadlineCell({ c, now }: { c: CaseSummary; now: Date }) {
  // The stored warning may lag the sweep by seconds; the worse of the two is what the user must see.
  const live = OPEN.has(c.status) ? liveWarning(c, now) : c.warning;
  const rank = { blue: 0, yellow: 1, red: 2 } as const;
  const shown = rank[live] >= rank[c.warning] ? live : c.warning;
  return (
    <Space size={4} wrap>
      <WarningTag warning={shown} />
      <Countdown c={c} now={now} />
    </Space>
  );
}
