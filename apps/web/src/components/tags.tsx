import type { CaseStatus, Warning } from "@fengqiao/core";
import { Tag } from "antd";
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

export function WarningTag({ warning }: { warning: Warning }) {
  const { t } = useTranslation();
  return (
    <Tag color={WARNING_COLOR[warning]} data-warning={warning}>
      {t(`warning.${warning}`)}
    </Tag>
  );
}

export function StatusTag({ status }: { status: CaseStatus }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLOR[status]}>{t(`status.${status}`)}</Tag>;
}

export function StepLabel({ step, stepCount }: { step: number; stepCount: number }) {
  const { t } = useTranslation();
  return <span>{step > stepCount ? t("list.beyond") : t("list.stepN", { n: step })}</span>;
}
