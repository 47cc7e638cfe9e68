import { Steps, Typography } from "antd";
import { useTranslation } from "react-i18next";
import type { CaseDetail } from "../../api/types";
import { fmtTime } from "../../lib/time";
import { ladderRungs } from "./ladder";

type StepStatus = "wait" | "process" | "finish" | "error";

/** 四级七天 as a step bar: each rung with its deadline and the people who held it. */
export function LadderSteps({ c }: { c: CaseDetail }) {
  const { t, i18n } = useTranslation();
  if (!c.policy) return null;
  const en = i18n.language === "en";
  const rungs = ladderRungs(c, c.policy);
  const settled = c.settledStep;
  const statusOf = (step: number): StepStatus => {
    if (settled !== null) return step <= settled ? "finish" : "wait";
    if (step < c.step) return "finish";
    if (step === c.step) return c.warning === "red" ? "error" : "process";
    return "wait";
  };
  const current = Math.min((settled ?? c.step) - 1, rungs.length - 1);
  return (
    <Steps
      current={current}
      titlePlacement="vertical"
      responsive
      data-testid="ladder"
      items={rungs.map((r) => ({
        status: statusOf(r.step),
        title: en ? r.name.en : r.name.zh,
        subTitle: settled === r.step ? t("detail.settledHere") : undefined,
        content: (
          <div style={{ fontSize: 12 }}>
            {r.dueAt && (
              <div>
                {r.projected
                  ? t("detail.projected", { t: fmtTime(r.dueAt.toISOString()) })
                  : t("detail.due", { t: fmtTime(r.dueAt.toISOString()) })}
              </div>
            )}
            {r.holders.length > 0 && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t("detail.heldBy", { who: r.holders.join("、") })}
              </Typography.Text>
            )}
          </div>
        ),
      }))}
    />
  );
}
