import { useQuery } from "@tanstack/react-query";
import { Alert, Tag } from "antd";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";

interface RiskItem {
  rule: string;
  why: { zh: string; en: string };
  since: string;
  /** Whether the rule turns the case red; otherwise a warning only (a grid's surge). */
  red: boolean;
}

/** 为何红色 / 风险提示: the risk rules this case hits now, each in its own words. */
export function RiskCard({ caseRef }: { caseRef: string }) {
  const { t, i18n } = useTranslation();
  const q = useQuery({
    queryKey: ["case-risks", caseRef],
    queryFn: () => api<{ items: RiskItem[] }>(`/cases/${caseRef}/risks`),
  });
  const items = q.data?.items ?? [];
  if (!items.length) return null;
  const en = i18n.language === "en";
  // "为何红色" only when a hit reddens the case; a surge alone is a warning, and the title says so.
  const red = items.some((r) => r.red);
  return (
    <Alert
      type={red ? "error" : "warning"}
      showIcon
      data-testid="case-risks"
      title={t(red ? "lead.riskTitle" : "lead.riskTitleWarn")}
      description={items.map((r) => (
        <div key={r.rule}>
          <Tag color={r.red ? "red" : "orange"}>{t(`lead.why.${r.rule}`)}</Tag>
          {en ? r.why.en : r.why.zh}
        </div>
      ))}
    />
  );
}
