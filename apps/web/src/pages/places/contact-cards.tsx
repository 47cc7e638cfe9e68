import { PrinterOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Alert, App, Button, Card, Table, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { api, apiUrl } from "../../api/client";
import type { CardCoverage } from "../../api/types";
import { QueryState } from "../../components/query-state";

type Village = CardCoverage["items"][number];

const printUrl = (v: Village) => apiUrl(`/villages/${v.code}/cards/print`);

/** 便民联系卡: each village in jurisdiction, the households its cards reach, and its print sheet. */
export function ContactCards() {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const q = useQuery({
    queryKey: ["contact-cards", "coverage"],
    queryFn: () => api<CardCoverage>("/contact-cards/coverage"),
  });
  const missing = (q.data?.items ?? []).filter((v) => v.contacts === 0);

  // A card with nobody on it prints as "联系人待补充": say so, and which villages, before paper is spent.
  const print = (v: Village) => {
    if (v.contacts > 0) {
      window.open(printUrl(v), "_blank", "noopener");
      return;
    }
    modal.confirm({
      title: t("con.cardsMissingTitle"),
      content: (
        <div data-testid="cards-missing-dialog">
          <Typography.Paragraph>{t("con.cardsMissingBody")}</Typography.Paragraph>
          <ul>
            {missing.map((m) => (
              <li key={m.code}>{m.name}</li>
            ))}
          </ul>
        </div>
      ),
      okText: t("con.cardsPrintAnyway"),
      cancelText: t("common.cancel"),
      onOk: () => {
        window.open(printUrl(v), "_blank", "noopener");
      },
    });
  };

  return (
    <Card size="small" title={t("places.cards")} data-testid="contact-cards">
      <Typography.Paragraph type="secondary">{t("places.cardsHint")}</Typography.Paragraph>
      {missing.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t("con.cardsMissingTitle")}
          description={missing.map((m) => m.name).join("、")}
          data-testid="cards-missing"
        />
      )}
      <QueryState isLoading={q.isLoading} error={q.error} onRetry={() => void q.refetch()}>
        <Table<Village>
          rowKey="code"
          size="small"
          pagination={false}
          scroll={{ x: "max-content" }}
          dataSource={q.data?.items}
          footer={() => t("places.totalHouseholds", { n: q.data?.totalHouseholds ?? 0 })}
          columns={[
            {
              title: t("places.village"),
              dataIndex: "name",
              render: (name: string, v: Village) => (
                <>
                  {name} {v.contacts === 0 && <Tag color="warning">{t("con.cardsMissingTag")}</Tag>}
                </>
              ),
            },
            { title: t("places.coverage"), dataIndex: "households", render: (n: number | null) => n ?? "—" },
            {
              title: t("common.actions"),
              key: "print",
              render: (_: unknown, v: Village) => (
                <Button
                  type="link"
                  size="small"
                  icon={<PrinterOutlined />}
                  onClick={() => print(v)}
                  data-testid="print-cards"
                  data-village={v.code}
                >
                  {t("places.printCards")}
                </Button>
              ),
            },
          ]}
        />
      </QueryState>
    </Card>
  );
}
