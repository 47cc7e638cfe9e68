import {
  Alert,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  Space,
  Switch,
  Typography,
} from "antd";
import type { Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import type { CaseView } from "../../api/types";
import { RegionSelect } from "../../components/region-select";
import { useLabels } from "../../lib/labels";
import { useApiAction } from "../../lib/use-api-action";
import { centerKeys, type FormField, type Ticket, useServices } from "./center-api";
import { VisitorHistory } from "./visitor-history";

// 受理登记 at the window: the services chosen bring their own short forms; 全量受理 — a request referred
// elsewhere or not accepted is registered too, with its reason, and gets a receipt like any other.

interface Values {
  services: string[];
  fields?: Record<string, Record<string, unknown>>;
  category: string;
  title: string;
  description: string;
  regionCode: string;
  reporterName?: string;
  reporterPhone?: string;
  idNumber?: string;
  disposition: "accept" | "refer" | "reject";
  to?: string;
  reason?: string;
}

const opt = (s: string | undefined) => (s?.trim() ? s.trim() : undefined);

function FieldInput({ f, en }: { f: FormField; en: boolean }) {
  switch (f.type) {
    case "number":
      return <InputNumber min={0} style={{ width: "100%" }} />;
    case "date":
      return <DatePicker style={{ width: "100%" }} />;
    case "boolean":
      return <Switch />;
    case "select":
      return <Select options={(f.options ?? []).map((o) => ({ value: o.code, label: en ? o.en : o.zh }))} />;
    default:
      return <Input maxLength={500} />;
  }
}

function toFields(services: string[], raw: Values["fields"]) {
  const out: Record<string, Record<string, unknown>> = {};
  for (const s of services) {
    const entries = Object.entries(raw?.[s] ?? {}).flatMap(([k, v]) => {
      if (v === undefined || v === null || v === "") return [];
      const d = v as Dayjs;
      return [[k, typeof d === "object" && "format" in d ? d.format("YYYY-MM-DD") : v]];
    });
    out[s] = Object.fromEntries(entries);
  }
  return out;
}

export function IntakePanel({ center, ticket }: { center: string; ticket: Ticket | null }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === "en";
  const { options } = useLabels();
  const services = useServices();
  const { run, busy } = useApiAction();
  const [form] = Form.useForm<Values>();
  const chosen = Form.useWatch("services", form) ?? [];
  const disposition = Form.useWatch("disposition", form);
  const phone = Form.useWatch("reporterPhone", form);
  const [done, setDone] = useState<{ case: CaseView; pin: string; receiptUrl: string } | null>(null);

  const submit = async (v: Values) => {
    const d =
      v.disposition === "accept"
        ? { type: "accept" }
        : v.disposition === "refer"
          ? { type: "refer", to: v.to, reason: v.reason }
          : { type: "reject", reason: v.reason };
    const reporter = { name: opt(v.reporterName), phone: opt(v.reporterPhone) };
    const body = {
      center,
      ticketId: ticket?.id,
      services: v.services,
      serviceFields: toFields(v.services, v.fields),
      disposition: d,
      case: {
        category: v.category,
        title: v.title,
        description: v.description,
        regionCode: v.regionCode,
        reporter: reporter.name || reporter.phone ? reporter : undefined,
        parties: reporter.name
          ? [{ role: "applicant", name: reporter.name, phone: reporter.phone, idNumber: opt(v.idNumber) }]
          : [],
      },
    };
    const r = await run(
      () =>
        api<{ case: CaseView; pin: string; receiptUrl: string }>("/window/intake", { method: "POST", body }),
      [centerKeys.queue(center)],
    );
    if (r) {
      setDone(r);
      form.resetFields();
    }
  };

  return (
    <Space orientation="vertical" style={{ width: "100%" }} size="middle">
      {done && (
        <Alert
          type="success"
          data-testid="intake-done"
          title={t("center.registered", { code: done.case.code })}
          description={
            <Space orientation="vertical">
              <Typography.Text strong data-testid="intake-pin">
                {t("center.pin", { pin: done.pin })}
              </Typography.Text>
              <Button href={done.receiptUrl} target="_blank" rel="noopener" data-testid="print-receipt">
                {t("center.printReceipt")}
              </Button>
            </Space>
          }
        />
      )}
      <Card size="small" title={ticket ? `${t("center.intake")} · ${ticket.label}` : t("center.intake")}>
        <Form<Values>
          form={form}
          layout="vertical"
          initialValues={{ services: ticket ? [ticket.service] : [], disposition: "accept" }}
          onFinish={(v) => void submit(v)}
          data-testid="intake-form"
        >
          <Form.Item name="services" label={t("center.services")} rules={[{ required: true }]}>
            <Select mode="multiple" options={options("service")} />
          </Form.Item>
          {(services.data?.items ?? [])
            .filter((s) => chosen.includes(s.code))
            .map((s) => (
              <Card
                key={s.code}
                size="small"
                type="inner"
                title={en ? s.en : s.zh}
                style={{ marginBottom: 12 }}
              >
                {s.fields.map((f) => (
                  <Form.Item
                    key={f.key}
                    name={["fields", s.code, f.key]}
                    label={en ? f.en : f.zh}
                    rules={f.required ? [{ required: true }] : []}
                    valuePropName={f.type === "boolean" ? "checked" : "value"}
                  >
                    <FieldInput f={f} en={en} />
                  </Form.Item>
                ))}
              </Card>
            ))}
          <Form.Item name="reporterPhone" label={t("center.phone")}>
            <Input inputMode="tel" maxLength={20} />
          </Form.Item>
          <VisitorHistory phone={phone} />
          <Form.Item name="reporterName" label={t("center.visitorName")}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="idNumber" label={t("center.idNumber")}>
            <Input maxLength={18} />
          </Form.Item>
          <Form.Item name="category" label={t("center.category")} rules={[{ required: true }]}>
            <Select options={options("category")} showSearch={{ optionFilterProp: "label" }} />
          </Form.Item>
          <Form.Item name="regionCode" label={t("center.region")} rules={[{ required: true }]}>
            <RegionSelect levels={["village", "grid"]} />
          </Form.Item>
          <Form.Item name="title" label={t("center.title")} rules={[{ required: true, max: 200 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="description" label={t("center.description")} rules={[{ required: true }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
          <Form.Item name="disposition" label={t("center.disposition")}>
            <Radio.Group
              options={[
                { value: "accept", label: t("center.accept") },
                { value: "refer", label: t("center.refer") },
                { value: "reject", label: t("center.reject") },
              ]}
            />
          </Form.Item>
          {disposition === "refer" && (
            <Form.Item name="to" label={t("center.referTo")} rules={[{ required: true }]}>
              <Input maxLength={200} />
            </Form.Item>
          )}
          {disposition && disposition !== "accept" && (
            <Form.Item name="reason" label={t("center.reason")} rules={[{ required: true }]}>
              <Input.TextArea rows={2} />
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit" loading={busy} data-testid="intake-submit">
            {t("center.submit")}
          </Button>
        </Form>
      </Card>
    </Space>
  );
}
