import type { CaseStatus, Warning } from "@fengqiao/core";
import { Tag, Tooltip } from "antd";
import { useTranslation } from "react-i18next";

const WARNING_COLOR: Record<Warning, string> = { blue: "blue", yellow: "gold", red: "red" };
const STATUS_COLOR: Record<CaseStatus, string> = {
  submitted: "default",
  accepted: "processing",
  mediating: "cyan",
  paused: "warning",
  resolved: "success",
  closed: "default",
};

/** `why`: the reasons a red tag is red (flow.why.*), shown as its tooltip and to screen readers. */
export function WarningTag({ warning, why }: { warning: Warning; why?: string[] }) {
  const { t } = useTranslation();
  const reason = why?.length ? `${t("flow.why.title")}${why.join("、")}` : undefined;
  const tag = (
    <Tag color={WARNING_COLOR[warning]} data-warning={warning} data-why={reason} aria-label={reason}>
      {t(`warning.${warning}`)}
    </Tag>
  );
  return reason ? <Tooltip title={reason}>{tag}</Tooltip> : tag;
}

export function StatusTag({ status }: { status: CaseStatus }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLOR[status]}>{t(`status.${status}`)}</Tag>;
}

export function StepLabel({ step, stepCount }: { step: number; stepCount: number }) {
  const { t } = useTranslation();
  return <span>{step > stepCount ? t("list.beyond") : t("list.stepN", { n: step })}</span>;
}
