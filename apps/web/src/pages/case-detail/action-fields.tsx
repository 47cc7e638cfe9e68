import type { CaseCommandType } from "@fengqiao/core";
import { useQuery } from "@tanstack/react-query";
import { Form, Input, Radio, Select } from "antd";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import type { Unit, UserRow } from "../../api/types";

export type Field = "text" | "reason" | "summary" | "success" | "intoCode" | "to" | "assign";

/** The inputs each command needs; commands absent here are confirmed with one click. */
export const ACTION_FIELDS: Partial<Record<CaseCommandType, Field[]>> = {
  note: ["text"],
  recordMediation: ["success", "summary"],
  pause: ["reason"],
  escalate: ["reason"],
  resolve: ["summary"],
  reject: ["reason"],
  merge: ["intoCode"],
  refer: ["reason", "to"],
  reopen: ["reason"],
  assign: ["assign"],
};

function AssignFields() {
  const { t } = useTranslation();
  const units = useQuery({ queryKey: ["units"], queryFn: () => api<{ items: Unit[] }>("/units") });
  // Only administrators may list users; others assign to a unit, whose head dispatches.
  const users = useQuery({
    queryKey: ["users"],
    queryFn: () => api<{ items: UserRow[] }>("/users"),
    retry: false,
  });
  return (
    <>
      <Form.Item name="unitId" label={t("action.unit")}>
        <Select
          allowClear
          showSearch={{ optionFilterProp: "label" }}
          loading={units.isLoading}
          options={units.data?.items.map((u) => ({ value: u.id, label: u.name }))}
        />
      </Form.Item>
      {users.data && (
        <Form.Item name="userId" label={t("action.user")}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: "label" }}
            options={users.data.items.map((u) => ({
              value: u.id,
              label: `${u.displayName} (${u.username})`,
            }))}
          />
        </Form.Item>
      )}
    </>
  );
}

export function ActionField({ field }: { field: Field }) {
  const { t } = useTranslation();
  const area = (name: string, label: string) => (
    <Form.Item key={name} name={name} label={label} rules={[{ required: true, whitespace: true }]}>
      <Input.TextArea rows={3} maxLength={2000} showCount autoFocus />
    </Form.Item>
  );
  switch (field) {
    case "text":
      return area("text", t("action.text"));
    case "reason":
      return area("reason", t("action.reason"));
    case "summary":
      return area("summary", t("action.summary"));
    case "success":
      return (
        <Form.Item name="success" label={t("action.success")} rules={[{ required: true }]}>
          <Radio.Group>
            <Radio value={true}>{t("action.successYes")}</Radio>
            <Radio value={false}>{t("action.successNo")}</Radio>
          </Radio.Group>
        </Form.Item>
      );
    case "intoCode":
      return (
        <Form.Item
          name="intoCode"
          label={t("action.intoCode")}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input />
        </Form.Item>
      );
    case "to":
      return (
        <Form.Item name="to" label={t("action.to")} rules={[{ required: true, whitespace: true }]}>
          <Input />
        </Form.Item>
      );
    case "assign":
      return <AssignFields />;
  }
}
