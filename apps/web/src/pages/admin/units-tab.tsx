import { useQuery } from "@tanstack/react-query";
import { Button, Form, Input, Modal, Select, Table } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import type { Unit } from "../../api/types";
import { QueryState } from "../../components/query-state";
import { RegionLabel } from "../../components/region-name";
import { RegionSelect } from "../../components/region-select";
import { useLabels } from "../../lib/labels";
import { useApiAction } from "../../lib/use-api-action";

const STATIONING = ["resident", "rotating", "on_call"] as const;
type Editing = Partial<Unit> | null;

export function UnitsTab() {
  const { t } = useTranslation();
  const { label, options } = useLabels();
  const units = useQuery({ queryKey: ["units"], queryFn: () => api<{ items: Unit[] }>("/units") });
  const [editing, setEditing] = useState<Editing>(null);
  const [form] = Form.useForm<Unit>();
  const { run, busy } = useApiAction();
  const save = async (v: Unit) => {
    const body = { kind: v.kind, name: v.name, regionCode: v.regionCode, stationing: v.stationing ?? null };
    const ok = await run(
      () =>
        editing?.id
          ? api(`/units/${editing.id}`, { method: "PATCH", body })
          : api("/units", { method: "POST", body }),
      [["units"]],
    );
    if (ok !== undefined) setEditing(null);
  };
  return (
    <>
      <Button type="primary" onClick={() => setEditing({})} style={{ marginBottom: 12 }}>
        {t("common.create")}
      </Button>
      <QueryState isLoading={units.isLoading} error={units.error} onRetry={() => void units.refetch()}>
        <Table<Unit>
          rowKey="id"
          size="small"
          dataSource={units.data?.items}
          pagination={false}
          scroll={{ x: "max-content" }}
          columns={[
            { title: t("admin.name"), dataIndex: "name" },
            { title: t("admin.kind"), dataIndex: "kind", render: (k: string) => label("unitKind", k) },
            {
              title: t("field.region"),
              dataIndex: "regionCode",
              render: (code: string) => <RegionLabel code={code} />,
            },
            {
              title: t("admin.stationing"),
              dataIndex: "stationing",
              render: (s: Unit["stationing"]) => t(`stationing.${s ?? "none"}`),
            },
            {
              title: t("common.actions"),
              key: "a",
              render: (_: unknown, u: Unit) => (
                <Button size="small" onClick={() => setEditing(u)}>
                  {t("common.edit")}
                </Button>
              ),
            },
          ]}
        />
      </QueryState>
      <Modal
        open={editing !== null}
        title={editing?.id ? t("common.edit") : t("common.create")}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        confirmLoading={busy}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          preserve={false}
          initialValues={editing ?? {}}
          onFinish={(v) => void save(v)}
        >
          <Form.Item name="name" label={t("admin.name")} rules={[{ required: true, whitespace: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="kind" label={t("admin.kind")} rules={[{ required: true }]}>
            <Select options={options("unitKind")} />
          </Form.Item>
          <Form.Item name="regionCode" label={t("field.region")} rules={[{ required: true }]}>
            <RegionSelect />
          </Form.Item>
          <Form.Item name="stationing" label={t("admin.stationing")}>
            <Select allowClear options={STATIONING.map((s) => ({ value: s, label: t(`stationing.${s}`) }))} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
