import {
  isOpen,
  type MeetingKind,
  mayConvene,
  policyStep,
  type TMeetingSummary,
  type TMeetingView,
} from "@fengqiao/core";
import { useQuery } from "@tanstack/react-query";
import { Button, Card, DatePicker, Form, Input, Modal, Select, Space } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { api } from "../../api/client";
import { useActor } from "../../api/session";
import type { CaseDetail, Unit } from "../../api/types";
import { DueCountdown } from "../../components/countdown";
import { fmtTime, useServerNow } from "../../lib/time";
import { useApiAction } from "../../lib/use-api-action";
import { MeetingTags } from "./meeting-tags";

interface ConveneValues {
  title: string;
  startsAt: Dayjs;
  place: string;
  units?: string[];
  guests?: string[];
}

/** 召集会诊 / 拍板 from a case: the case is the agenda; units and guests invited; then the meeting page. */
function ConveneDialog({ c, kind, onClose }: { c: CaseDetail; kind: MeetingKind; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [form] = Form.useForm<ConveneValues>();
  const { run, busy } = useApiAction();
  const units = useQuery({ queryKey: ["units"], queryFn: () => api<{ items: Unit[] }>("/units") });
  const submit = async (v: ConveneValues) => {
    const body = {
      kind,
      title: v.title,
      startsAt: v.startsAt.toISOString(),
      place: v.place,
      caseIds: [c.id],
      invitees: [
        ...(v.units ?? []).map((unitId) => ({ unitId })),
        ...(v.guests ?? []).map((name) => ({ name })),
      ],
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
      title={t(kind === "decision" ? "meet.act.paiban" : "meet.act.convene")}
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
        <Form.Item name="units" label={t("meet.field.units")}>
          <Select
            mode="multiple"
            optionFilterProp="label"
            aria-label={t("meet.field.units")}
            options={(units.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))}
          />
        </Form.Item>
        <Form.Item name="guests" label={t("meet.field.guests")}>
          <Select mode="tags" aria-label={t("meet.field.guests")} open={false} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Which meeting this user may convene on the case now: 会诊 at the center step, 拍板 at the township's. */
function conveneKind(c: CaseDetail, roles: Parameters<typeof mayConvene>[0]): MeetingKind | null {
  if (!isOpen(c.status)) return null;
  const level = c.policy ? (policyStep(c.policy, c.step)?.level ?? "beyond") : null;
  if (level === "center" && mayConvene(roles, "consultation")) return "consultation";
  if ((level === "township" || level === "beyond") && mayConvene(roles, "decision")) return "decision";
  return null;
}

/** The meetings a case was on, with their state and the next open decision's countdown. */
export function CaseMeetingsCard({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  const me = useActor();
  const now = useServerNow();
  const [open, setOpen] = useState(false);
  const q = useQuery({
    queryKey: ["meetings", "case", c.id],
    queryFn: () => api<{ items: TMeetingSummary[] }>("/meetings", { params: { caseId: c.id } }),
  });
  const kind = conveneKind(c, me.roles);
  const items = q.data?.items ?? [];
  if (items.length === 0 && !kind) return null;
  return (
    <Card
      size="small"
      title={t("meet.caseCard")}
      data-testid="case-meetings"
      extra={
        kind && (
          <Button type="primary" onClick={() => setOpen(true)} data-testid={`convene-${kind}`}>
            {t(kind === "decision" ? "meet.act.paiban" : "meet.act.convene")}
          </Button>
        )
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
      {open && kind && <ConveneDialog c={c} kind={kind} onClose={() => setOpen(false)} />}
    </Card>
  );
}
