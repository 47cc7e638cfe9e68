import { PrinterOutlined } from "@ant-design/icons";
import type { TMeetingView } from "@fengqiao/core";
import { useQuery } from "@tanstack/react-query";
import { Button, Card, Descriptions, Form, Input, List, Modal, Space, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api, apiUrl, isApiError } from "../../api/client";
import { QueryState } from "../../components/query-state";
import { fmtTime } from "../../lib/time";
import { useApiAction } from "../../lib/use-api-action";
import NotFoundPage from "../not-found-page";
import { DecisionList } from "./decision-list";
import { HoldForm } from "./hold-form";
import { InviteeFields, type InviteeValues, inviteesBody } from "./invitee-fields";
import { MeetingTags } from "./meeting-tags";

function MeetingActions({ m }: { m: TMeetingView }) {
  const { t } = useTranslation();
  const [holding, setHolding] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [inviting, setInviting] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();
  const [inviteForm] = Form.useForm<InviteeValues>();
  const { run, busy } = useApiAction();
  const cancel = async ({ reason }: { reason: string }) => {
    const ok = await run(
      () => api(`/meetings/${m.id}/cancel`, { method: "POST", body: { reason } }),
      [["meeting", m.id], ["meetings"]],
    );
    if (ok) setCancelling(false);
  };
  const invite = async (v: InviteeValues) => {
    const invitees = inviteesBody(v);
    if (invitees.length === 0) return setInviting(false);
    const ok = await run(
      () => api(`/meetings/${m.id}/invitees`, { method: "POST", body: { invitees } }),
      [["meeting", m.id]],
    );
    if (ok) setInviting(false);
  };
  return (
    <Space wrap data-testid="meeting-actions">
      {m.allowed.includes("hold") && (
        <Button type="primary" onClick={() => setHolding(true)} data-testid="meeting-hold">
          {t("meet.act.hold")}
        </Button>
      )}
      {m.allowed.includes("invite") && (
        <Button onClick={() => setInviting(true)} data-testid="meeting-invite">
          {t("meet.act.invite")}
        </Button>
      )}
      {m.allowed.includes("cancel") && (
        <Button danger onClick={() => setCancelling(true)}>
          {t("meet.act.cancel")}
        </Button>
      )}
      <Button
        icon={<PrinterOutlined />}
        href={apiUrl(`/meetings/${m.id}/minutes.html`)}
        target="_blank"
        rel="noopener"
        data-testid="meeting-print"
      >
        {t("meet.act.print")}
      </Button>
      <HoldForm m={m} open={holding} onClose={() => setHolding(false)} />
      <Modal
        open={inviting}
        title={t("meet.act.invite")}
        onCancel={() => setInviting(false)}
        onOk={() => inviteForm.submit()}
        confirmLoading={busy}
        destroyOnHidden
        okText={t("common.submit")}
        cancelText={t("common.cancel")}
      >
        <Form form={inviteForm} layout="vertical" preserve={false} onFinish={(v) => void invite(v)}>
          <InviteeFields />
        </Form>
      </Modal>
      <Modal
        open={cancelling}
        title={t("meet.act.cancel")}
        onCancel={() => setCancelling(false)}
        onOk={() => form.submit()}
        confirmLoading={busy}
        destroyOnHidden
        okText={t("common.submit")}
        cancelText={t("common.cancel")}
      >
        <Form form={form} layout="vertical" preserve={false} onFinish={(v) => void cancel(v)}>
          <Form.Item
            name="reason"
            label={t("meet.act.cancelReason")}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}

/** One meeting: what, when, where, on which cases, who came, what was said and decided. */
export default function MeetingDetail({ id }: { id: string }) {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: ["meeting", id], queryFn: () => api<TMeetingView>(`/meetings/${id}`) });
  if (isApiError(q.error, "NOT_FOUND_OR_NO_ACCESS") || isApiError(q.error, "INVALID_INPUT"))
    return <NotFoundPage />;
  const m = q.data;
  const codes = new Map(m?.cases.map((c) => [c.id, c.code]) ?? []);
  return (
    <QueryState isLoading={q.isLoading} error={q.error} onRetry={() => void q.refetch()}>
      {m && (
        <Space orientation="vertical" size={16} style={{ width: "100%" }} data-testid="meeting-detail">
          <Card size="small">
            <Space orientation="vertical" size={8} style={{ width: "100%" }}>
              <Typography.Title level={2} style={{ margin: 0, fontSize: 20, overflowWrap: "anywhere" }}>
                {m.title}
              </Typography.Title>
              <MeetingTags m={m} />
              <Descriptions
                size="small"
                column={{ xs: 1, md: 2 }}
                items={[
                  { key: "t", label: t("meet.field.startsAt"), children: fmtTime(m.heldAt ?? m.startsAt) },
                  { key: "p", label: t("meet.field.place"), children: m.place },
                  { key: "r", label: t("meet.field.region"), children: m.regionName },
                  { key: "c", label: t("meet.field.convenedBy"), children: m.convenedBy },
                  {
                    key: "cases",
                    label: t("meet.field.cases"),
                    span: 2,
                    children: (
                      <Space orientation="vertical" size={2}>
                        {m.cases.map((c) => (
                          <Link key={c.id} to={`/cases/${c.code}`}>
                            <span className="fq-case-card-code">{c.code}</span> {c.title}
                          </Link>
                        ))}
                      </Space>
                    ),
                  },
                  ...(m.cancelReason
                    ? [{ key: "x", label: t("meet.act.cancelReason"), span: 2, children: m.cancelReason }]
                    : []),
                ]}
              />
              <MeetingActions m={m} />
            </Space>
          </Card>
          <Card size="small" title={t("meet.field.invitees")}>
            <List
              size="small"
              dataSource={m.invitees}
              locale={{ emptyText: "—" }}
              renderItem={(i) => (
                <List.Item>
                  <span>
                    {i.name}
                    {i.org ? <span className="fq-secondary"> · {i.org}</span> : null}
                  </span>
                  {i.attendance && <Tag>{t(`meet.attendance.${i.attendance}`)}</Tag>}
                </List.Item>
              )}
            />
          </Card>
          {m.minutes && (
            <Card size="small" title={t("meet.field.minutes")}>
              <Typography.Paragraph
                style={{ whiteSpace: "pre-wrap", margin: 0 }}
                data-testid="meeting-minutes"
              >
                {m.minutes}
              </Typography.Paragraph>
            </Card>
          )}
          {m.outcomes.length > 0 && (
            <Card size="small" title={t("meet.field.outcomes")}>
              {m.outcomes.map((o) => (
                <div key={o.caseId}>
                  <span className="fq-case-card-code">{codes.get(o.caseId)}</span>{" "}
                  <Tag color="green">{t(`meet.outcome.${o.type}`)}</Tag>
                  {o.to ? `${o.to} · ` : ""}
                  {o.text}
                </div>
              ))}
            </Card>
          )}
          {m.state !== "planned" && m.state !== "cancelled" && (
            <Card size="small" title={t("meet.field.decisions")}>
              <DecisionList m={m} />
            </Card>
          )}
        </Space>
      )}
    </QueryState>
  );
}
