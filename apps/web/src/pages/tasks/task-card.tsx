import type { TTaskView } from "@fengqiao/core";
import { useQueryClient } from "@tanstack/react-query";
import {
  App,
  Button,
  Card,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Tag,
  Tooltip,
  Typography,
} from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api } from "../../api/client";
import type { Unit } from "../../api/types";
import { DueCountdown } from "../../components/countdown";
import { fmtTime } from "../../lib/time";

type Act = "answer" | "return" | "cancel" | "redispatch";
const STATUS_COLOR: Record<TTaskView["status"], string> = {
  dispatched: "blue",
  signed: "cyan",
  answered: "green",
  returned: "orange",
  cancelled: "default",
};

/** After a change: the task lists, the case (its timeline took an event) and the workbench. */
export function useTaskRefresh() {
  const qc = useQueryClient();
  return (caseCode: string) =>
    Promise.all([
      qc.invalidateQueries({ queryKey: ["tasks"] }),
      qc.invalidateQueries({ queryKey: ["case", caseCode] }),
      qc.invalidateQueries({ queryKey: ["supervision"] }),
    ]);
}

/** One task: unit, role, state, countdown to whatever the unit owes now (with its basis), and its buttons. */
export function TaskCard({
  task,
  now,
  showCase,
  units,
}: {
  task: TTaskView;
  now: Date;
  showCase?: boolean;
  units?: Unit[];
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const refresh = useTaskRefresh();
  const [form] = Form.useForm();
  const [open, setOpen] = useState<Act | null>(null);
  const [busy, setBusy] = useState(false);
  const owed = task.status === "dispatched" ? task.signDueAt : task.status === "signed" ? task.dueAt : null;

  const run = async (path: string, body?: unknown) => {
    setBusy(true);
    try {
      await api(`/tasks/${task.id}/${path}`, { method: "POST", body });
      void message.success(t("tasks.done"));
      setOpen(null);
      await refresh(task.caseCode);
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" data-testid="task-card" data-task-status={task.status}>
      <Space orientation="vertical" size={4} style={{ width: "100%" }}>
        <Space wrap>
          <Typography.Text strong>{task.unitName}</Typography.Text>
          <Tag>{task.role === "lead" ? t("tasks.roleLead") : t("tasks.roleCo")}</Tag>
          <Tag color={STATUS_COLOR[task.status]} data-testid="task-status">
            {t(`tasks.status.${task.status}`)}
          </Tag>
          {task.supervision !== "none" && (
            <Tag color={task.supervision === "red" ? "red" : "gold"} data-testid="task-supervision">
              {t(`tasks.supervision.${task.supervision}`)}
            </Tag>
          )}
          {task.redispatched && <Tag>{t("tasks.redispatched")}</Tag>}
        </Space>
        {showCase && (
          <Link to={`/cases/${task.caseCode}`}>
            {task.caseCode} · {task.caseTitle}
          </Link>
        )}
        <Typography.Text style={{ whiteSpace: "pre-wrap" }}>{task.instructions}</Typography.Text>
        {owed && (
          <Tooltip title={t("tasks.basis", { basis: task.basis })}>
            <span data-testid="task-countdown">
              {task.status === "dispatched" ? t("tasks.signDue") : t("tasks.replyDue")} {fmtTime(owed)}{" "}
              <DueCountdown dueAt={owed} now={now} />
            </span>
          </Tooltip>
        )}
        {task.result && (
          <Typography.Text type="secondary">{t("tasks.resultIs", { result: task.result })}</Typography.Text>
        )}
        {task.returnReason && (
          <Typography.Text type="warning">
            {t("tasks.returnedBecause", { reason: task.returnReason })}
          </Typography.Text>
        )}
        <Space wrap>
          {task.allowed.includes("sign") && (
            <Popconfirm title={`${t("tasks.sign")}?`} onConfirm={() => run("sign")}>
              <Button type="primary" size="small" data-task-action="sign" loading={busy}>
                {t("tasks.sign")}
              </Button>
            </Popconfirm>
          )}
          {(["answer", "return", "cancel", "redispatch"] as const)
            .filter((a) => task.allowed.includes(a))
            .map((a) => (
              <Button
                key={a}
                size="small"
                data-task-action={a}
                onClick={() => setOpen(a)}
                danger={a === "cancel"}
              >
                {t(`tasks.${a}`)}
              </Button>
            ))}
          {task.supervision !== "none" && (
            <a
              href={`/api/v1/tasks/${task.id}/notice`}
              target="_blank"
              rel="noreferrer"
              data-testid="task-notice"
            >
              {t("tasks.print")}
            </a>
          )}
        </Space>
      </Space>
      <Modal
        open={open !== null}
        title={open ? t(`tasks.${open}`) : ""}
        onCancel={() => setOpen(null)}
        onOk={() => form.submit()}
        confirmLoading={busy}
        destroyOnHidden
        okText={t("common.submit")}
        cancelText={t("common.cancel")}
      >
        <Form
          form={form}
          layout="vertical"
          preserve={false}
          onFinish={(v: Record<string, string>) =>
            open === "answer"
              ? run("answer", { result: v.result, evidenceIds: [] })
              : open === "redispatch"
                ? run("redispatch", { unitId: v.unitId })
                : open && run(open, { reason: v.reason })
          }
        >
          {open === "answer" && (
            <Form.Item name="result" label={t("tasks.result")} rules={[{ required: true }]}>
              <Input.TextArea rows={4} maxLength={5000} />
            </Form.Item>
          )}
          {(open === "return" || open === "cancel") && (
            <Form.Item name="reason" label={t("tasks.reason")} rules={[{ required: true }]}>
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
          )}
          {open === "redispatch" && (
            <Form.Item name="unitId" label={t("tasks.unit")} rules={[{ required: true }]}>
              <Select
                showSearch={{ optionFilterProp: "label" }}
                options={(units ?? []).map((u) => ({ value: u.id, label: u.name }))}
              />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </Card>
  );
}
