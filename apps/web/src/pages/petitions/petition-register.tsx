import { PETITION_CHANNELS, PETITION_KINDS, type TPetitionView } from "@fengqiao/core";
import { Alert, Form, Input, InputNumber, Modal, Select } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { ApiError, api } from "../../api/client";
import { RegionSelect } from "../../components/region-select";
import { useLabels } from "../../lib/labels";
import { useApiAction } from "../../lib/use-api-action";

// 来信来访登记 at the window. A matter concluded after 复核 is refused by the server with the earlier
// case code (PETITION_CONCLUDED); the form shows that answer where the clerk is looking.

const WINDOW_LEVELS = ["county", "township", "village", "grid"] as const;

export function PetitionRegister({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { options } = useLabels();
  const [form] = Form.useForm();
  const navigate = useNavigate();
  const { busy } = useApiAction();
  const [refused, setRefused] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const submit = async () => {
    const v = (await form.validateFields()) as Record<string, unknown> & {
      name: string;
      phone?: string;
      idNumber?: string;
    };
    const { name, phone, idNumber, ...rest } = v;
    setSaving(true);
    setRefused(null);
    try {
      const p = await api<TPetitionView>("/petitions", {
        method: "POST",
        body: { ...rest, petitioner: { name, phone: phone || undefined, idNumber: idNumber || undefined } },
      });
      onClose();
      form.resetFields();
      navigate(`/cases/${p.caseCode}`);
    } catch (e) {
      setRefused(e instanceof ApiError ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open={open}
      title={t("pet.register")}
      onCancel={onClose}
      onOk={() => void submit()}
      okButtonProps={{ loading: saving || busy, "data-testid": "pet-register-submit" }}
      width={640}
    >
      {refused && (
        <Alert type="error" showIcon title={refused} data-testid="pet-refused" style={{ marginBottom: 12 }} />
      )}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind: "appeal", channel: "visit", petitioners: 1 }}
      >
        <Form.Item name="kind" label={t("pet.field.kind")} rules={[{ required: true }]}>
          <Select options={PETITION_KINDS.map((k) => ({ value: k, label: t(`pet.kind.${k}`) }))} />
        </Form.Item>
        <Form.Item name="channel" label={t("pet.field.channel")} rules={[{ required: true }]}>
          <Select options={PETITION_CHANNELS.map((c) => ({ value: c, label: t(`pet.channel.${c}`) }))} />
        </Form.Item>
        <Form.Item name="category" label={t("field.category")} rules={[{ required: true }]}>
          <Select options={options("category")} showSearch={{ optionFilterProp: "label" }} />
        </Form.Item>
        <Form.Item
          name="matter"
          label={t("pet.field.matter")}
          extra={t("pet.field.matterHint")}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="title" label={t("field.title")} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item
          name="description"
          label={t("field.description")}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input.TextArea rows={3} maxLength={10000} />
        </Form.Item>
        <Form.Item name="regionCode" label={t("field.region")} rules={[{ required: true }]}>
          <RegionSelect levels={WINDOW_LEVELS} />
        </Form.Item>
        <Form.Item name="name" label={t("pet.field.name")} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="phone" label={t("pet.field.phone")}>
          <Input inputMode="tel" maxLength={20} />
        </Form.Item>
        <Form.Item name="idNumber" label={t("pet.field.idNumber")}>
          <Input maxLength={18} />
        </Form.Item>
        <Form.Item name="petitioners" label={t("pet.field.petitioners")} rules={[{ required: true }]}>
          <InputNumber min={1} max={100000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
