import type { MeetingKind, TMeetingSummary, TMeetingView } from "@fengqiao/core";
import { useQuery } from "@tanstack/react-query";
import { Button, Card, DatePicker, Form, Input, Modal, Space } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import type { TFunction } from "i18next";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { api } from "../../api/client";
import { useActor } from "../../api/session";
import type { CaseDetail } from "../../api/types";
import { DueCountdown } from "../../components/countdown";
import { fmtTime, useServerNow } from "../../lib/time";
import { useApiAction } from "../../lib/use-api-action";
import { conveneKinds } from "./convene-kinds";
import { InviteeFields, type InviteeValues, inviteesBody } from "./invitee-fields";
import { MeetingTags } from "./meeting-tags";

/** "召集会诊", "拍板", "召集府院联动联席会议". */
const conveneLabel = (t: TFunction, kind: MeetingKind) =>
  kind === "decision" ? t("meet.act.paiban") : t("meet.act.conveneKind", { kind: t(`meet.kind.${kind}`) });

interface ConveneValues extends InviteeValues {
  title: string;
  startsAt: Dayjs;
  place: string;
}

/** 召集会诊 / 拍板 from a case: the case is the agenda; units and guests invited; then the meeting page. */
function ConveneDialog({ c, kind, onClose }: { c: CaseDetail; kind: MeetingKind; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [form] = Form.useForm<ConveneValues>();
  const { run, busy } = useApiAction();
  const submit = async (v: ConveneValues) => {
    const body = {
      kind,
      title: v.title,
      startsAt: v.startsAt.toISOString(),
      place: v.place,
      caseIds: [c.id],
      invitees: inviteesBody(v),
    };
    const m = await run(
      () => api<TMeetingView>("/meetings", { method: "POST", body }),
      [["meetings"], ["case"]],
    );
    if (m) navigate(`/meetings/${m.id}`);
  };
  return (
    <Modal
      open
      title={conveneLabel(t, kind)}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      destroyOnHidden
      okText={t("common.submit")}
      cancelText={t("common.cancel")}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          title: `${t(`meet.kind.${kind}`)}：${c.title}`,
          startsAt: dayjs().add(1, "hour").startOf("hour"),
        }}
        onFinish={(v) => void submit(v)}
        data-testid="convene-form"
      >
        <Form.Item name="title" label={t("meet.field.title")} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="startsAt" label={t("meet.field.startsAt")} rules={[{ required: true }]}>
          <DatePicker showTime={{ format: "HH:mm" }} format="YYYY-MM-DD HH:mm" />
        </Form.Item>
        <Form.Item name="place" label={t("meet.field.place")} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={200} />
        </Form.Item>
        <InviteeFields />
      </Form>
    </Modal>
  );
}

/** The meetings a case was on, with their state and the next open decision's countdown. */
export function CaseMeetingsCard({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  const me = useActor();
  const now = useServerNow();
  const q = useQuery({
    queryKey: ["meetings", "case", c.id],
    queryFn: () => api<{ items: TMeetingSummary[] }>("/meetings", { params: { caseId: c.id } }),
  });
  const kinds = conveneKinds(c, me.roles, me.regionPath);
  const [kind, setKind] = useState<MeetingKind | null>(null);
  const items = q.data?.items ?? [];
  if (items.length === 0 && kinds.length === 0) return null;
  return (
    <Card
      size="small"
      title={t("meet.caseCard")}
      data-testid="case-meetings"
      extra={
        <Space size={4} wrap>
          {kinds.map((k, i) => (
            <Button
              key={k}
              type={i === 0 ? "primary" : "default"}
              onClick={() => setKind(k)}
              data-testid={`convene-${k}`}
            >
              {conveneLabel(t, k)}
            </Button>
          ))}
        </Space>
      }
    >
      <Space orientation="vertical" size={8} style={{ width: "100%" }}>
        {items.map((m) => (
          <div key={m.id} className="fq-case-card fq-place-card">
            <Link to={`/meetings/${m.id}`}>{m.title}</Link>
            <MeetingTags m={m} />
            <span className="fq-secondary">
              {fmtTime(m.startsAt)} · {m.place}
            </span>
            {m.nextDueAt && (
              <span>
                {t("meet.field.openDecisions")} {m.openDecisions} ·{" "}
                <DueCountdown dueAt={m.nextDueAt} now={now} />
              </span>
            )}
          </div>
        ))}
      </Space>
      {kind && <ConveneDialog c={c} kind={kind} onClose={() => setKind(null)} />}
    </Card>
  );
}
