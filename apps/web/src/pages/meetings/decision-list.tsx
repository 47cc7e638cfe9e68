import type { TMeetingView } from "@fengqiao/core";
import { Button, Form, Input, List, Modal, Popconfirm, Space, Tag, Tooltip } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { DueCountdown } from "../../components/countdown";
import { fmtTime, useServerNow } from "../../lib/time";
import { useApiAction } from "../../lib/use-api-action";

type Decision = TMeetingView["decisions"][number];
const STATUS_COLOR: Record<string, string> = { open: "blue", done: "green", dropped: "default" };

/** The decisions of a held meeting, each with its countdown (basis on hover) and, for who may, 办结/撤销. */
export function DecisionList({ m }: { m: TMeetingView }) {
  const { t } = useTranslation();
  const now = useServerNow();
  const { run, busy } = useApiAction();
  const [settling, setSettling] = useState<{ d: Decision; status: "done" | "dropped" } | null>(null);
  const [form] = Form.useForm<{ result: string }>();
  const codes = new Map(m.cases.map((c) => [c.id, c.code]));
  const mayAct = m.allowed.includes("settle");
  // 转为交办任务: an open decision of a unit about one case, not yet a task.
  const mayTask = (d: Decision) =>
    m.allowed.includes("task") && d.status === "open" && !d.taskId && d.ownerUnitId && d.caseIds.length === 1;
  const toTask = (d: Decision) =>
    run(
      () => api(`/meetings/${m.id}/decisions/${d.id}/task`, { method: "POST", body: { role: "lead" } }),
      [["meeting", m.id], ["meetings"], ["case"], ["tasks"]],
    );

  const submit = async ({ result }: { result: string }) => {
    if (!settling) return;
    const ok = await run(
      () =>
        api(`/meetings/${m.id}/decisions/${settling.d.id}/settle`, {
          method: "POST",
          body: { status: settling.status, result },
        }),
      [["meeting", m.id], ["meetings"], ["case"]],
    );
    if (ok) setSettling(null);
  };

  return (
    <>
      <List
        size="small"
        dataSource={m.decisions}
        locale={{ emptyText: "—" }}
        data-testid="meeting-decisions"
        renderItem={(d) => (
          <List.Item
            data-testid="meeting-decision"
            actions={[
              ...(mayTask(d)
                ? [
                    <Popconfirm
                      key="task"
                      title={t("journey.toTaskConfirm", { unit: d.ownerName })}
                      onConfirm={() => void toTask(d)}
                      okText={t("common.submit")}
                      cancelText={t("common.cancel")}
                    >
                      <Button size="small" loading={busy} data-testid="decision-to-task">
                        {t("journey.toTask")}
                      </Button>
                    </Popconfirm>,
                  ]
                : []),
              ...(mayAct && d.status === "open"
                ? [
                    <Button
                      key="done"
                      size="small"
                      type="primary"
                      onClick={() => setSettling({ d, status: "done" })}
                    >
                      {t("meet.act.done")}
                    </Button>,
                    <Button key="drop" size="small" onClick={() => setSettling({ d, status: "dropped" })}>
                      {t("meet.act.drop")}
                    </Button>,
                  ]
                : []),
            ]}
          >
            <Space orientation="vertical" size={2} style={{ minWidth: 0 }}>
              <span style={{ overflowWrap: "anywhere" }}>
                {d.seq}. {d.text}
              </span>
              <Space size={4} wrap>
                <Tag>{d.ownerName}</Tag>
                <Tag color={STATUS_COLOR[d.status]}>{t(`meet.decisionStatus.${d.status}`)}</Tag>
                {d.overdue && <Tag color="red">{t("meet.overdue")}</Tag>}
                {d.taskId && <Tag color="purple">{t("journey.tasked")}</Tag>}
                <Tooltip title={t("meet.basis", { basis: d.basis })}>
                  <span data-testid="decision-due">
                    {d.status === "open" ? <DueCountdown dueAt={d.dueAt} now={now} /> : fmtTime(d.dueAt)}
                  </span>
                </Tooltip>
              </Space>
              <span className="fq-secondary">
                {d.caseIds.map((id) => codes.get(id) ?? id).join("、")}
                {d.result ? ` · ${t("meet.field.result")}：${d.result}` : ""}
              </span>
            </Space>
          </List.Item>
        )}
      />
      <Modal
        open={settling !== null}
        title={settling ? t(settling.status === "done" ? "meet.act.done" : "meet.act.drop") : ""}
        onCancel={() => setSettling(null)}
        onOk={() => form.submit()}
        confirmLoading={busy}
        destroyOnHidden
        okText={t("common.submit")}
        cancelText={t("common.cancel")}
      >
        <Form form={form} layout="vertical" preserve={false} onFinish={(v) => void submit(v)}>
          <Form.Item
            name="result"
            label={t("meet.field.result")}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
