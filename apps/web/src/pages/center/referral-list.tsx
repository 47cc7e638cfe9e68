import { Button, Form, Input, List, Modal, Select, Space, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api } from "../../api/client";
import { useActor } from "../../api/session";
import { DueCountdown } from "../../components/countdown";
import { canDo } from "../../lib/access";
import { useServerNow } from "../../lib/time";
import { useApiAction } from "../../lib/use-api-action";
import type { Referral } from "./center-api";

// 三调对接 referrals as a list, with the receiving side's answers: 签收, 退回 (reason), 反馈结果.

const OUTCOMES = ["settled", "not_settled", "judged", "withdrawn", "handled"];

export function ReferralList({
  items,
  caseCode,
  refresh,
}: {
  items: Referral[];
  caseCode?: string;
  refresh: string[][];
}) {
  const { t } = useTranslation();
  const me = useActor();
  const now = useServerNow();
  const { run, busy } = useApiAction();
  const [dialog, setDialog] = useState<{ r: Referral; kind: "decline" | "result" } | null>(null);
  const [form] = Form.useForm();
  const mayAnswer = (r: Referral) => me.unitId === r.toUnitId || canDo(me, "referral.answer");
  const post = (r: Referral, path: string, body: object) =>
    run(() => api(`/referrals/${r.id}/${path}`, { method: "POST", body }), refresh);
  const submit = async (v: Record<string, unknown>) => {
    if (!dialog) return;
    if ((await post(dialog.r, dialog.kind, v)) !== undefined) setDialog(null);
  };
  return (
    <>
      <List
        size="small"
        dataSource={items}
        renderItem={(r) => (
          <List.Item
            className={r.ackMissed && r.status === "sent" ? "fq-row-red" : undefined}
            data-testid="referral-row"
          >
            <Space orientation="vertical" size={2} style={{ width: "100%" }}>
              <Space wrap>
                <Tag color="purple">{t(`center.docking.${r.docking}`)}</Tag>
                <Tag>{t(`center.purposes.${r.purpose}`)}</Tag>
                <Tag color={r.status === "returned" ? "green" : r.status === "declined" ? "orange" : "blue"}>
                  {t(`center.status.${r.status}`)}
                </Tag>
                {r.outcome && <Tag color="green">{t(`center.outcomes.${r.outcome}`)}</Tag>}
              </Space>
              <span>
                {r.fromUnitName ? `${t("center.from")} ${r.fromUnitName} · ` : ""}
                {t("center.to")} {r.toUnitName}
                {r.externalRef ? ` · ${r.externalRef}` : ""}
              </span>
              {r.originCode && r.originCode !== caseCode && (
                <span>
                  {t("center.origin")}：<Link to={`/cases/${r.originCode}`}>{r.originCode}</Link>
                </span>
              )}
              {r.targetCode && r.targetCode !== caseCode && (
                <span>
                  {t("center.target")}：<Link to={`/cases/${r.targetCode}`}>{r.targetCode}</Link>
                </span>
              )}
              <Typography.Text type="secondary">{r.reason}</Typography.Text>
              {r.resultText && <span>{r.resultText}</span>}
              {r.declineReason && <span>{r.declineReason}</span>}
              {r.status === "sent" && r.ackDueAt && <DueCountdown dueAt={r.ackDueAt} now={now} />}
              {mayAnswer(r) && (
                <Space wrap>
                  {r.status === "sent" && (
                    <Button
                      size="small"
                      type="primary"
                      loading={busy}
                      onClick={() => post(r, "acknowledge", {})}
                    >
                      {t("center.acknowledge")}
                    </Button>
                  )}
                  {r.status === "sent" && (
                    <Button size="small" onClick={() => setDialog({ r, kind: "decline" })}>
                      {t("center.decline")}
                    </Button>
                  )}
                  {r.status === "acknowledged" && (
                    <Button size="small" type="primary" onClick={() => setDialog({ r, kind: "result" })}>
                      {t("center.result")}
                    </Button>
                  )}
                </Space>
              )}
            </Space>
          </List.Item>
        )}
      />
      <Modal
        open={dialog !== null}
        title={dialog && t(dialog.kind === "decline" ? "center.decline" : "center.result")}
        onCancel={() => setDialog(null)}
        onOk={() => form.submit()}
        confirmLoading={busy}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} preserve={false}>
          {dialog?.kind === "decline" && (
            <Form.Item name="reason" label={t("center.reason")} rules={[{ required: true }]}>
              <Input.TextArea rows={2} />
            </Form.Item>
          )}
          {dialog?.kind === "result" && (
            <>
              <Form.Item name="outcome" label={t("center.outcome")} rules={[{ required: true }]}>
                <Select options={OUTCOMES.map((o) => ({ value: o, label: t(`center.outcomes.${o}`) }))} />
              </Form.Item>
              <Form.Item name="text" label={t("center.resultText")} rules={[{ required: true }]}>
                <Input.TextArea rows={3} />
              </Form.Item>
            </>
          )}
        </Form>
      </Modal>
    </>
  );
}
