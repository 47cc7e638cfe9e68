import { ZCaseCreate } from "@fengqiao/core";
import {
  App,
  Button,
  Card,
  Col,
  Form,
  Input,
  Row,
  Select,
  Space,
  Switch,
  Typography,
  type UploadFile,
} from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { api } from "../../api/client";
import type { CaseView } from "../../api/types";
import { RegionSelect } from "../../components/region-select";
import { useLabels } from "../../lib/labels";
import { AttachmentsField, uploadPicked } from "./attachments-field";
import { PhoneLookup, SimilarCases } from "./case-hints";
import { PartiesFields } from "./parties-fields";

interface Values {
  channel: string;
  reporterName?: string;
  reporterPhone?: string;
  category?: string;
  services?: string[];
  title?: string;
  description?: string;
  regionCode?: string;
  highRisk: boolean;
  parties: { role: string; name: string; phone?: string; idNumber?: string }[];
}

// A ladder starts at the grid: a grid or a village must own the case (the server refuses others too).
const OWNING_LEVELS = ["village", "grid"] as const;

// Empty inputs are absent fields to the schema, not empty strings.
const opt = (s: string | undefined) => (s?.trim() ? s.trim() : undefined);

function toBody(v: Values) {
  const reporter = { name: opt(v.reporterName), phone: opt(v.reporterPhone) };
  return {
    channel: v.channel,
    category: v.category,
    services: v.services?.length ? v.services : undefined,
    title: v.title,
    description: v.description,
    regionCode: v.regionCode,
    highRisk: v.highRisk,
    reporter: reporter.name || reporter.phone ? reporter : undefined,
    parties: (v.parties ?? []).map((p) => ({ ...p, phone: opt(p.phone), idNumber: opt(p.idNumber) })),
  };
}

// Schema paths → form field names where they differ.
const FIELD_OF: Record<string, (string | number)[]> = {
  "reporter.name": ["reporterName"],
  "reporter.phone": ["reporterPhone"],
};

export default function NewCasePage() {
  const { t } = useTranslation();
  const { options } = useLabels();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [files, setFiles] = useState<UploadFile[]>([]);
  const phone = Form.useWatch("reporterPhone", form);
  const description = Form.useWatch("description", form);
  const regionCode = Form.useWatch("regionCode", form);
  const category = Form.useWatch("category", form);

  const onFinish = async (v: Values) => {
    const parsed = ZCaseCreate.safeParse(toBody(v));
    if (!parsed.success) {
      const fields = parsed.error.issues.map((i) => {
        const path = i.path.map((p) => (typeof p === "symbol" ? String(p) : p));
        return { name: FIELD_OF[path.join(".")] ?? path, errors: [i.message] };
      });
      // Zod paths are runtime arrays; antd's typed name paths cannot be proven from them.
      form.setFields(fields as Parameters<typeof form.setFields>[0]);
      return;
    }
    setBusy(true);
    try {
      const c = await api<CaseView>("/cases", { method: "POST", body: parsed.data });
      // The case is saved first; its attachments follow, and a failed one is reported, not fatal.
      const failed = await uploadPicked(c.code, files);
      void message.success(t("newCase.saved", { code: c.code }));
      if (failed > 0) void message.warning(t("newCase.uploadFailed", { n: failed }));
      navigate(`/cases/${c.code}`);
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t("newCase.title")}>
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ channel: "hotline", highRisk: false, parties: [] }}
        onFinish={(v) => void onFinish(v)}
        data-testid="new-case-form"
      >
        <Row gutter={24}>
          <Col xs={24} lg={12}>
            <Typography.Title level={5}>{t("newCase.caller")}</Typography.Title>
            <Form.Item name="channel" label={t("field.channel")} rules={[{ required: true }]}>
              <Select options={options("channel")} />
            </Form.Item>
            <Row gutter={12}>
              <Col span={12}>
                <Form.Item name="reporterPhone" label={t("newCase.reporterPhone")}>
                  <Input inputMode="tel" autoFocus />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="reporterName" label={t("newCase.reporterName")}>
                  <Input />
                </Form.Item>
              </Col>
            </Row>
            <PhoneLookup phone={phone} />
            <Typography.Title level={5} style={{ marginTop: 16 }}>
              {t("newCase.parties")}
            </Typography.Title>
            <PartiesFields />
          </Col>
          <Col xs={24} lg={12}>
            <Typography.Title level={5}>{t("newCase.matter")}</Typography.Title>
            <Row gutter={12}>
              <Col span={12}>
                <Form.Item name="category" label={t("field.category")} rules={[{ required: true }]}>
                  <Select options={options("category")} showSearch={{ optionFilterProp: "label" }} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="services" label={t("field.service")}>
                  <Select mode="multiple" options={options("service")} allowClear />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item
              name="regionCode"
              label={t("field.region")}
              rules={[{ required: true, message: t("flow.region.needGrid") }]}
              extra={t("flow.region.search")}
            >
              <RegionSelect placeholder={t("newCase.regionSearch")} levels={OWNING_LEVELS} />
            </Form.Item>
            <Form.Item name="title" label={t("field.title")} rules={[{ required: true, whitespace: true }]}>
              <Input maxLength={200} />
            </Form.Item>
            <Form.Item
              name="description"
              label={t("field.description")}
              rules={[{ required: true, whitespace: true }]}
            >
              <Input.TextArea rows={5} maxLength={10000} showCount />
            </Form.Item>
            <SimilarCases text={description} regionCode={regionCode} category={category} />
            <Form.Item
              name="highRisk"
              label={t("field.highRisk")}
              valuePropName="checked"
              style={{ marginTop: 12 }}
            >
              <Switch />
            </Form.Item>
            <AttachmentsField files={files} onChange={setFiles} />
          </Col>
        </Row>
        <Space>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="new-case-submit">
            {t("common.submit")}
          </Button>
        </Space>
      </Form>
    </Card>
  );
}
