import { ROLES, ZUserCreate } from "@fengqiao/core";
import { useQuery } from "@tanstack/react-query";
import { Button, Form, Input, Modal, Select, Space, Table, Tag } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import type { Unit, UserRow } from "../../api/types";
import { QueryState } from "../../components/query-state";
import { RegionLabel } from "../../components/region-name";
import { RegionSelect } from "../../components/region-select";
import { fmtTime } from "../../lib/time";
import { useApiAction } from "../../lib/use-api-action";

type Mode = { kind: "create" } | { kind: "edit"; user: UserRow } | { kind: "password"; user: UserRow } | null;

export function UsersTab() {
  const { t } = useTranslation();
  const users = useQuery({ queryKey: ["users"], queryFn: () => api<{ items: UserRow[] }>("/users") });
  const units = useQuery({ queryKey: ["units"], queryFn: () => api<{ items: Unit[] }>("/units") });
  const unitName = new Map(units.data?.items.map((u) => [u.id, u.name]));
  const [mode, setMode] = useState<Mode>(null);
  const [form] = Form.useForm<Record<string, unknown>>();
  const { run, busy } = useApiAction();
  const roleOptions = ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }));

  const submit = async (v: Record<string, unknown>) => {
    if (!mode) return;
    let call: () => Promise<unknown>;
    if (mode.kind === "create") {
      const parsed = ZUserCreate.safeParse({ ...v, unitId: v.unitId ?? null });
      if (!parsed.success) {
        form.setFields(parsed.error.issues.map((i) => ({ name: String(i.path[0]), errors: [i.message] })));
        return;
      }
      call = () => api("/users", { method: "POST", body: parsed.data });
    } else if (mode.kind === "edit") {
      const body = {
        displayName: v.displayName,
        roles: v.roles,
        regionCode: v.regionCode,
        unitId: v.unitId ?? null,
      };
      call = () => api(`/users/${mode.user.id}`, { method: "PATCH", body });
    } else {
      call = () =>
        api(`/users/${mode.user.id}/reset-password`, { method: "POST", body: { password: v.password } });
    }
    if ((await run(call, [["users"]])) !== undefined) setMode(null);
  };
  const toggle = (u: UserRow) =>
    void run(() => api(`/users/${u.id}`, { method: "PATCH", body: { disabled: !u.disabled } }), [["users"]]);
  const unlock = (u: UserRow) =>
    void run(() => api(`/users/${u.id}/unlock`, { method: "POST" }), [["users"]]);

  return (
    <>
      <Button type="primary" onClick={() => setMode({ kind: "create" })} style={{ marginBottom: 12 }}>
        {t("common.create")}
      </Button>
      <QueryState isLoading={users.isLoading} error={users.error} onRetry={() => void users.refetch()}>
        <Table<UserRow>
          rowKey="id"
          size="small"
          dataSource={users.data?.items}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: "max-content" }}
          columns={[
            { title: t("admin.username"), dataIndex: "username" },
            { title: t("admin.displayName"), dataIndex: "displayName" },
            {
              title: t("admin.roles"),
              dataIndex: "roles",
              render: (rs: string[]) => rs.map((r) => <Tag key={r}>{t(`role.${r}`)}</Tag>),
            },
            {
              title: t("field.region"),
              dataIndex: "regionCode",
              render: (c: string) => <RegionLabel code={c} />,
            },
            {
              title: t("admin.unit"),
              dataIndex: "unitId",
              render: (id: string | null) => (id ? (unitName.get(id) ?? id) : "—"),
            },
            {
              title: t("field.status"),
              dataIndex: "disabled",
              render: (d: boolean, u: UserRow) => (
                <>
                  {d ? (
                    <Tag color="red">{t("admin.disabled")}</Tag>
                  ) : (
                    <Tag color="green">{t("admin.enabled")}</Tag>
                  )}
                  {u.lockedUntil && (
                    <Tag color="orange">{t("admin.lockedUntil", { time: fmtTime(u.lockedUntil) })}</Tag>
                  )}
                </>
              ),
            },
            {
              title: t("common.actions"),
              key: "a",
              render: (_: unknown, u: UserRow) => (
                <Space size={4} wrap>
                  <Button size="small" onClick={() => setMode({ kind: "edit", user: u })}>
                    {t("common.edit")}
                  </Button>
                  <Button size="small" onClick={() => setMode({ kind: "password", user: u })}>
                    {t("admin.resetPassword")}
                  </Button>
                  {u.lockedUntil && (
                    <Button size="small" onClick={() => unlock(u)}>
                      {t("admin.unlock")}
                    </Button>
                  )}
                  <Button size="small" danger={!u.disabled} onClick={() => toggle(u)}>
                    {u.disabled ? t("admin.enable") : t("admin.disable")}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      </QueryState>
      <Modal
        open={mode !== null}
        title={
          mode?.kind === "password"
            ? t("admin.resetPassword")
            : mode?.kind === "edit"
              ? t("common.edit")
              : t("common.create")
        }
        onCancel={() => setMode(null)}
        onOk={() => form.submit()}
        confirmLoading={busy}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          preserve={false}
          onFinish={(v) => void submit(v)}
          initialValues={mode?.kind === "edit" ? { ...mode.user } : { roles: [] }}
        >
          {mode?.kind === "create" && (
            <Form.Item name="username" label={t("admin.username")} rules={[{ required: true }]}>
              <Input />
            </Form.Item>
          )}
          {mode?.kind !== "password" && (
            <>
              <Form.Item
                name="displayName"
                label={t("admin.displayName")}
                rules={[{ required: true, whitespace: true }]}
              >
                <Input />
              </Form.Item>
              <Form.Item name="roles" label={t("admin.roles")} rules={[{ required: true }]}>
                <Select mode="multiple" options={roleOptions} />
              </Form.Item>
              <Form.Item name="regionCode" label={t("field.region")} rules={[{ required: true }]}>
                <RegionSelect />
              </Form.Item>
              <Form.Item name="unitId" label={t("admin.unit")}>
                <Select allowClear options={units.data?.items.map((u) => ({ value: u.id, label: u.name }))} />
              </Form.Item>
            </>
          )}
          {mode?.kind !== "edit" && (
            <Form.Item name="password" label={t("admin.newPassword")} rules={[{ required: true, min: 10 }]}>
              <Input.Password autoComplete="new-password" />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </>
  );
}
