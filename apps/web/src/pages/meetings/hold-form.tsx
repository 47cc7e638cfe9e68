import { MinusCircleOutlined, PlusOutlined } from "@ant-design/icons";
import type { TMeetingHold, TMeetingView } from "@fengqiao/core";
import { useQuery } from "@tanstack/react-query";
import { Button, DatePicker, Form, Input, InputNumber, Modal, Select, Space } from "antd";
import type { Dayjs } from "dayjs";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import type { Unit } from "../../api/types";
import { useApiAction } from "../../lib/use-api-action";

interface DecisionValues {
  text: string;
  ownerUnitId: string;
  caseIds?: string[];
  workingDays?: number | null;
  dueDate?: Dayjs | null;
}
interface Values {
  minutes: string;
  attendance: Record<string, "present" | "absent" | "excused">;
  decisions?: DecisionValues[];
  outcomes?: Record<string, { type: "resolve" | "refer" | "escalate"; text: string; to?: string }>;
}

/** The form's values as the hold request: dates as YYYY-MM-DD, empty optionals left out. */
export function holdBody(m: TMeetingView, v: Values): TMeetingHold {
  return {
    minutes: v.minutes,
    attendance: Object.entries(v.attendance ?? {}).map(([inviteeId, attendance]) => ({
      inviteeId,
      attendance,
    })),
    decisions: (v.decisions ?? []).map((d) => ({
      text: d.text,
      ownerUnitId: d.ownerUnitId,
      ...(d.caseIds?.length ? { caseIds: d.caseIds } : {}),
      ...(d.dueDate ? { dueDate: d.dueDate.format("YYYY-MM-DD") } : {}),
      ...(d.workingDays && !d.dueDate ? { workingDays: d.workingDays } : {}),
    })),
    outcomes:
      m.kind === "decision"
        ? m.cases.map((c) => {
            const o = v.outcomes?.[c.id];
            return {
              caseId: c.id,
              type: o?.type ?? "resolve",
              text: o?.text ?? "",
              ...(o?.to ? { to: o.to } : {}),
            };
          })
        : [],
  };
}

/** 记录会议: minutes, who came, the decisions with their owners and deadlines, and a 拍板's outcomes. */
export function HoldForm({ m, open, onClose }: { m: TMeetingView; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const { run, busy } = useApiAction();
  const units = useQuery({
    queryKey: ["units"],
    queryFn: () => api<{ items: Unit[] }>("/units"),
    enabled: open,
  });
  const caseOptions = m.cases.map((c) => ({ value: c.id, label: `${c.code} ${c.title}` }));
  const submit = async (v: Values) => {
    const ok = await run(
      () => api(`/meetings/${m.id}/hold`, { method: "POST", body: holdBody(m, v) }),
      [["meeting", m.id], ["meetings"], ["case"]],
    );
    if (ok) onClose();
  };
  const attendance = Object.fromEntries(m.invitees.map((i) => [i.id, "present"]));
  return (
    <Modal
      open={open}
      title={t("meet.act.hold")}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      destroyOnHidden
      width={720}
      okText={t("common.submit")}
      cancelText={t("common.cancel")}
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ attendance }}
        onFinish={(v) => void submit(v)}
        data-testid="hold-form"
      >
        <Form.Item
          name="minutes"
          label={t("meet.field.minutes")}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input.TextArea rows={4} maxLength={20000} />
        </Form.Item>
        {m.invitees.map((i) => (
          <Form.Item key={i.id} name={["attendance", i.id]} label={i.name}>
            <Select
              aria-label={i.name}
              options={(["present", "absent", "excused"] as const).map((a) => ({
                value: a,
                label: t(`meet.attendance.${a}`),
              }))}
            />
          </Form.Item>
        ))}
        {m.kind === "decision" &&
          m.cases.map((c) => (
            <Space key={c.id} wrap align="start" style={{ width: "100%" }}>
              <Form.Item
                name={["outcomes", c.id, "type"]}
                label={`${t("meet.field.outcomes")} · ${c.code}`}
                initialValue="resolve"
              >
                <Select
                  style={{ minWidth: 140 }}
                  options={(["resolve", "refer", "escalate"] as const).map((o) => ({
                    value: o,
                    label: t(`meet.outcome.${o}`),
                  }))}
                />
              </Form.Item>
              <Form.Item
                name={["outcomes", c.id, "text"]}
                label={t("meet.field.outcomeText")}
                rules={[{ required: true, whitespace: true }]}
              >
                <Input maxLength={2000} />
              </Form.Item>
              <Form.Item name={["outcomes", c.id, "to"]} label={t("meet.field.to")}>
                <Input maxLength={200} />
              </Form.Item>
            </Space>
          ))}
        <Form.List name="decisions">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <div
                  key={f.key}
                  className="fq-case-card fq-place-card"
                  style={{ marginBottom: 8 }}
                  data-testid="decision-row"
                >
                  <Form.Item
                    name={[f.name, "text"]}
                    label={t("meet.field.decision")}
                    rules={[{ required: true, whitespace: true }]}
                  >
                    <Input.TextArea rows={2} maxLength={2000} />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, "ownerUnitId"]}
                    label={t("meet.field.owner")}
                    rules={[{ required: true }]}
                  >
                    <Select
                      showSearch
                      optionFilterProp="label"
                      aria-label={t("meet.field.owner")}
                      options={(units.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))}
                    />
                  </Form.Item>
                  {m.cases.length > 1 && (
                    <Form.Item name={[f.name, "caseIds"]} label={t("meet.field.cases")}>
                      <Select mode="multiple" options={caseOptions} />
                    </Form.Item>
                  )}
                  <Space wrap>
                    <Form.Item name={[f.name, "workingDays"]} label={t("meet.field.workingDays")}>
                      <InputNumber min={1} max={60} />
                    </Form.Item>
                    <Form.Item name={[f.name, "dueDate"]} label={t("meet.field.dueDate")}>
                      <DatePicker />
                    </Form.Item>
                    <Button
                      icon={<MinusCircleOutlined />}
                      onClick={() => remove(f.name)}
                      aria-label={t("common.delete")}
                    />
                  </Space>
                </div>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add()} data-testid="add-decision">
                {t("meet.act.addDecision")}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
