import { EyeOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Button, Input, Modal, Popconfirm, Select, Space, Table, Tag } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { QueryState } from "../../components/query-state";
import { useIsPhone } from "../../layout/use-is-phone";
import { useApiAction } from "../../lib/use-api-action";

export interface Member {
  id: string;
  relation: string;
  name: string;
  phone: string | null;
  tags: string[];
}
export interface Household {
  id: string;
  gridCode: string;
  gridName: string;
  address: string;
  building: string | null;
  tags: string[];
  members: Member[];
}
interface Revealed {
  members: { id: string; relation: string; name: string; phone: string | null; idNumber: string | null }[];
}

/** 查看联系方式: asks first (the reveal is audited), then shows the full contacts in a dialog. */
function RevealButton({ h }: { h: Household }) {
  const { t } = useTranslation();
  const { run, busy } = useApiAction();
  const [shown, setShown] = useState<Revealed | null>(null);
  return (
    <>
      <Popconfirm
        title={t("fieldWork.revealConfirm")}
        onConfirm={async () => {
          const r = await run(() => api<Revealed>(`/field/households/${h.id}/reveal`, { method: "POST" }));
          if (r) setShown(r);
        }}
      >
        <Button size="small" icon={<EyeOutlined />} loading={busy} data-testid="household-reveal">
          {t("fieldWork.reveal")}
        </Button>
      </Popconfirm>
      <Modal
        open={shown !== null}
        title={t("fieldWork.revealTitle")}
        footer={null}
        onCancel={() => setShown(null)}
      >
        {shown?.members.map((m) => (
          <p key={m.id}>
            {m.relation} · {m.name} · {m.phone ?? t("fieldWork.noPhone")}
            {m.idNumber ? ` · ${m.idNumber}` : ""}
          </p>
        ))}
      </Modal>
    </>
  );
}

const tagList = (tags: string[]) =>
  tags.map((x) => (
    <Tag key={x} color="orange">
      {x}
    </Tag>
  ));

const memberLine = (m: Member) => `${m.relation} ${m.name}${m.phone ? ` ${m.phone}` : ""}`;

/** 住户 of my grids: masked names and phones; full contacts only through the audited reveal. */
export function HouseholdsPanel() {
  const { t } = useTranslation();
  const phone = useIsPhone();
  const [q, setQ] = useState("");
  const [grid, setGrid] = useState<string | undefined>();
  const grids = useQuery({
    queryKey: ["field", "today"],
    queryFn: () => api<{ grids: { code: string; name: string }[] }>("/field/today"),
  });
  const list = useQuery({
    queryKey: ["field", "households", q, grid],
    queryFn: () => api<{ items: Household[] }>("/field/households", { params: { q: q || undefined, grid } }),
  });
  const items = list.data?.items ?? [];
  return (
    <Space orientation="vertical" size={12} style={{ width: "100%" }} data-testid="field-households">
      <Space wrap>
        <Select
          allowClear
          placeholder={t("fieldWork.allGrids")}
          style={{ minWidth: 180 }}
          value={grid}
          onChange={setGrid}
          options={(grids.data?.grids ?? []).map((g) => ({ value: g.code, label: g.name }))}
        />
        <Input.Search allowClear placeholder={t("fieldWork.search")} onSearch={setQ} style={{ width: 260 }} />
      </Space>
      <QueryState isLoading={list.isLoading} error={list.error} onRetry={() => void list.refetch()}>
        {phone ? (
          <div className="fq-case-cards">
            {items.map((h) => (
              <article key={h.id} className="fq-case-card" data-testid="household-card">
                <strong>{h.address}</strong>
                <span className="fq-secondary">
                  {h.gridName}
                  {h.building ? ` · ${h.building}` : ""}
                </span>
                <span>{tagList(h.tags)}</span>
                {h.members.map((m) => (
                  <span key={m.id}>{memberLine(m)}</span>
                ))}
                <RevealButton h={h} />
              </article>
            ))}
          </div>
        ) : (
          <Table<Household>
            rowKey="id"
            size="small"
            dataSource={items}
            pagination={false}
            scroll={{ x: "max-content" }}
            data-testid="households-table"
            columns={[
              { title: t("fieldWork.address"), dataIndex: "address" },
              { title: t("fieldWork.grid"), dataIndex: "gridName" },
              { title: t("fieldWork.tags"), dataIndex: "tags", render: tagList },
              {
                title: t("fieldWork.members"),
                key: "m",
                render: (_: unknown, h: Household) =>
                  h.members.map((m) => <div key={m.id}>{memberLine(m)}</div>),
              },
              { title: "", key: "a", render: (_: unknown, h: Household) => <RevealButton h={h} /> },
            ]}
          />
        )}
      </QueryState>
    </Space>
  );
}
