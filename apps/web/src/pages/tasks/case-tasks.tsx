import { isOpen, type TTaskView, ZTaskDispatch } from "@fengqiao/core";
import { useQuery } from "@tanstack/react-query";
import { App, Button, Card, Form, Input, InputNumber, Modal, Radio, Select, Space, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { useActor } from "../../api/session";
import type { CaseDetail, Unit } from "../../api/types";
import { canDo } from "../../lib/access";
import { useServerNow } from "../../lib/time";
import { TaskCard, useTaskRefresh } from "./task-card";

/** The 交办 tasks of a case: cards, and the dispatch dialog for the center and the township. */
export function CaseTasks({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  const me = useActor();
  const now = useServerNow();
  const mayDispatch = canDo(me, "task.dispatch");
  const q = useQuery({
    queryKey: ["tasks", "case", c.code],
    queryFn: () => api<{ items: TTaskView[] }>(`/cases/${encodeURIComponent(c.code)}/tasks`),
  });
  const units = useQuery({
    queryKey: ["units"],
    queryFn: () => api<{ items: Unit[] }>("/units"),
    enabled: mayDispatch,
  });
  const [open, setOpen] = useState(false);
  const items = q.data?.items ?? [];
  if (!mayDispatch && items.length === 0) return null;
  return (
    <Card
      size="small"
      title={t("tasks.title")}
      data-testid="case-tasks"
      extra={
        mayDispatch &&
        isOpen(c.status) && (
          <Button size="small" type="primary" onClick={() => setOpen(true)} data-testid="task-dispatch">
            {t("tasks.dispatch")}
          </Button>
        )
      }
    >
      <Space orientation="vertical" size={8} style={{ width: "100%" }}>
        {items.length === 0 && <Typography.Text type="secondary">{t("tasks.none")}</Typography.Text>}
        {items.map((task) => (
          <TaskCard key={task.id} task={task} now={now} units={units.data?.items} />
        ))}
      </Space>
      {open && <DispatchDialog c={c} units={units.data?.items ?? []} onClose={() => setOpen(false)} />}
    </Card>
  );
}

function DispatchDialog({ c, units, onClose }: { c: CaseDetail; units: Unit[]; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const refresh = useTaskRefresh();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const submit = async (v: Record<string, unknown>) => {
    const parsed = ZTaskDispatch.safeParse({ ...v, days: v.days ?? undefined });
    if (!parsed.success) {
      form.setFields(parsed.error.issues.map((i) => ({ name: String(i.path[0]), errors: [i.message] })));
      return;
    }
    setBusy(true);
    try {
      await api(`/cases/${encodeURIComponent(c.code)}/tasks`, { method: "POST", body: parsed.data });
      void message.success(t("tasks.done"));
      await refresh(c.code);
      onClose();
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t("tasks.dispatchTitle")}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      okText={t("common.submit")}
      cancelText={t("common.cancel")}
    >
      <Form form={form} layout="vertical" initialValues={{ role: "lead" }} onFinish={submit}>
        <Form.Item name="unitId" label={t("tasks.unit")} rules={[{ required: true }]}>
          <Select
            showSearch={{ optionFilterProp: "label" }}
            options={units.map((u) => ({ value: u.id, label: u.name }))}
            data-testid="task-unit"
          />
        </Form.Item>
        <Form.Item name="role" label={t("tasks.role")}>
          <Radio.Group
            options={[
              { value: "lead", label: t("tasks.roleLead") },
              { value: "co", label: t("tasks.roleCo") },
            ]}
          />
        </Form.Item>
        <Form.Item name="instructions" label={t("tasks.instructions")} rules={[{ required: true }]}>
          <Input.TextArea rows={3} maxLength={5000} data-testid="task-instructions" />
        </Form.Item>
        <Space wrap>
          <Form.Item name="days" label={t("tasks.days")} help={t("tasks.daysHelp")}>
            <InputNumber min={1} max={365} />
          </Form.Item>
          <Form.Item name="counting" label={t("tasks.counting")}>
            <Radio.Group
              options={[
                { value: "working", label: t("tasks.working") },
                { value: "calendar", label: t("tasks.calendar") },
              ]}
            />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}
