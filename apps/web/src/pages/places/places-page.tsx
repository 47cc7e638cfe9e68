import { PlusOutlined, PrinterOutlined, ReloadOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Button, Card, Popconfirm, Space, Table, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, apiUrl } from "../../api/client";
import type { Place } from "../../api/types";
import { QueryState } from "../../components/query-state";
import { useIsPhone } from "../../layout/use-is-phone";
import { fmtTime } from "../../lib/time";
import { useApiAction } from "../../lib/use-api-action";
import { ContactCards } from "./contact-cards";
import { PlaceForm } from "./place-form";

/** Poster and token renewal: a new token retires the old one, so every printed poster stops working. */
function PlaceActions({ p }: { p: Place }) {
  const { t } = useTranslation();
  const { run, busy } = useApiAction();
  return (
    <Space size={4} wrap>
      <Button
        size="small"
        icon={<PrinterOutlined />}
        href={apiUrl(`/places/${p.id}/poster`)}
        target="_blank"
        rel="noopener"
        data-testid="place-poster"
      >
        {t("places.poster")}
      </Button>
      <Popconfirm
        title={t("places.rotateConfirm")}
        onConfirm={() => run(() => api(`/places/${p.id}/token`, { method: "POST" }), [["places"]])}
        okButtonProps={{ loading: busy, danger: true }}
      >
        <Button size="small" danger icon={<ReloadOutlined />} data-testid="place-rotate">
          {t("places.rotate")}
        </Button>
      </Popconfirm>
    </Space>
  );
}

/** On a phone: one card per place, its actions below its name (a table would hide them sideways). */
function PlaceCards({ items }: { items: Place[] | undefined }) {
  const { t } = useTranslation();
  return (
    <div className="fq-case-cards" data-testid="places-cards">
      {(items ?? []).map((p) => (
        <article key={p.id} className="fq-case-card fq-place-card">
          <strong>{p.name}</strong>
          <span className="fq-secondary">
            {t(`places.kinds.${p.kind}`)} · {p.regionName}
            {p.households ? ` · ${t("places.households")} ${p.households}` : ""}
          </span>
          <PlaceActions p={p} />
        </article>
      ))}
    </div>
  );
}

function PlacesTable({ items }: { items: Place[] | undefined }) {
  const { t } = useTranslation();
  const phone = useIsPhone();
  if (phone) return <PlaceCards items={items} />;
  return (
    <Table<Place>
      rowKey="id"
      size="small"
      dataSource={items}
      pagination={{ pageSize: 50, hideOnSinglePage: true }}
      scroll={{ x: "max-content" }}
      data-testid="places-table"
      columns={[
        { title: t("places.name"), dataIndex: "name" },
        { title: t("places.kind"), dataIndex: "kind", render: (k: string) => t(`places.kinds.${k}`) },
        { title: t("places.region"), dataIndex: "regionName" },
        { title: t("places.households"), dataIndex: "households", render: (n: number | null) => n ?? "—" },
        {
          title: t("places.url"),
          dataIndex: "url",
          render: (u: string) => (
            <Typography.Text copyable={{ text: u }} ellipsis={{ tooltip: u }} style={{ maxWidth: 200 }}>
              {u}
            </Typography.Text>
          ),
        },
        { title: t("places.rotatedAt"), dataIndex: "tokenRotatedAt", render: fmtTime },
        {
          title: t("common.actions"),
          key: "a",
          fixed: "right",
          render: (_: unknown, p: Place) => <PlaceActions p={p} />,
        },
      ]}
    />
  );
}

/** 码上反映 QR points in the user's jurisdiction, and the villages' contact cards. */
export default function PlacesPage() {
  const { t } = useTranslation();
  const [creating, setCreating] = useState(false);
  const q = useQuery({ queryKey: ["places"], queryFn: () => api<{ items: Place[] }>("/places") });
  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }} data-testid="places-page">
      <Card
        size="small"
        title={t("places.title")}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t("places.create")}
          </Button>
        }
      >
        <Typography.Paragraph type="secondary">{t("places.hint")}</Typography.Paragraph>
        <QueryState isLoading={q.isLoading} error={q.error} onRetry={() => void q.refetch()}>
          <PlacesTable items={q.data?.items} />
        </QueryState>
      </Card>
      <ContactCards />
      <PlaceForm open={creating} onClose={() => setCreating(false)} />
    </Space>
  );
}
