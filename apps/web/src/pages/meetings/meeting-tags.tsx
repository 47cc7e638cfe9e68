import type { TMeetingSummary } from "@fengqiao/core";
import { Space, Tag } from "antd";
import { useTranslation } from "react-i18next";

const STATE_COLOR: Record<string, string> = {
  planned: "blue",
  held: "gold",
  closed: "green",
  cancelled: "default",
};

export function MeetingTags({ m }: { m: Pick<TMeetingSummary, "kind" | "state" | "overdueDecisions"> }) {
  const { t } = useTranslation();
  return (
    <Space size={4} wrap>
      <Tag color="purple">{t(`meet.kind.${m.kind}`)}</Tag>
      <Tag color={STATE_COLOR[m.state]} data-testid="meeting-state">
        {t(`meet.state.${m.state}`)}
      </Tag>
      {m.overdueDecisions > 0 && <Tag color="red">{t("meet.overdue")}</Tag>}
    </Space>
  );
}
