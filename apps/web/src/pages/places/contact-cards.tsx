import { PrinterOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Card, Table, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { api, apiUrl } from "../../api/client";
import type { CardCoverage } from "../../api/types";
import { QueryState } from "../../components/query-state";

type Village = CardCoverage["items"][number];

/** 便民联系卡: each village in jurisdiction, the households its cards reach, and its print sheet. */
export function ContactCards() {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: ["contact-cards", "coverage"],
    queryFn: () => api<CardCoverage>("/contact-cards/coverage"),
  });
  return (
    <Card size="small" title={t("places.cards")} data-testid="contact-cards">
      <Typography.Paragraph type="secondary">{t("places.cardsHint")}</Typography.Paragraph>
      <QueryState isLoading={q.isLoading} error={q.error} onRetry={() => void q.refetch()}>
        <Table<Village>
          rowKey="code"
          size="small"
          pagination={false}
          dataSource={q.data?.items}
          footer={() => t("places.totalHouseholds", { n: q.data?.totalHouseholds ?? 0 })}
          columns={[
            { title: t("places.village"), dataIndex: "name" },
            { title: t("places.coverage"), dataIndex: "households", render: (n: number | null) => n ?? "—" },
            {
              title: t("common.actions"),
              key: "print",
              render: (_: unknown, v: Village) => (
                <a href={apiUrl(`/villages/${v.code}/cards/print`)} target="_blank" rel="noopener">
                  <PrinterOutlined /> {t("places.printCards")}
                </a>
              ),
            },
          ]}
        />
      </QueryState>
    </Card>
  );
}
