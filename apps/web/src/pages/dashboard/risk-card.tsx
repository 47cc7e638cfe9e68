import { useQuery } from "@tanstack/react-query";
import { Alert, Tag } from "antd";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";

interface RiskItem {
  rule: string;
  why: { zh: string; en: string };
  since: string;
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
  return (
    <Alert
      type="error"
      showIcon
      data-testid="case-risks"
      title={t("lead.riskTitle")}
      description={items.map((r) => (
        <div key={r.rule}>
          <Tag color="red">{t(`lead.why.${r.rule}`)}</Tag>
          {en ? r.why.en : r.why.zh}
        </div>
      ))}
    />
  );
}
