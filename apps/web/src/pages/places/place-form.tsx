import { Form, Input, InputNumber, Modal, Select } from "antd";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import type { Place, PlaceKind } from "../../api/types";
import { RegionSelect } from "../../components/region-select";
import { useApiAction } from "../../lib/use-api-action";

export const PLACE_KINDS: readonly PlaceKind[] = ["building", "village_group", "scenic_spot", "window"];

interface Values {
  kind: PlaceKind;
  name: string;
  regionCode: string;
  households?: number | null;
}

/** 新建点位: a QR point sits in a grid, whose cadres the reports from it go to. */
export function PlaceForm({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const { run, busy } = useApiAction();
  const save = async (v: Values) => {
    const body = { ...v, name: v.name.trim(), households: v.households ?? undefined };
    const created = await run(() => api<Place>("/places", { method: "POST", body }), [["places"]]);
    if (created) onClose();
  };
  return (
    <Modal
      open={open}
      title={t("places.create")}
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
        preserve={false}
        initialValues={{ kind: "village_group" }}
        onFinish={(v) => void save(v)}
      >
        <Form.Item name="kind" label={t("places.kind")} rules={[{ required: true }]}>
          <Select options={PLACE_KINDS.map((k) => ({ value: k, label: t(`places.kinds.${k}`) }))} />
        </Form.Item>
        <Form.Item
          name="name"
          label={t("places.name")}
          rules={[{ required: true, whitespace: true, max: 100 }]}
        >
          <Input />
        </Form.Item>
        <Form.Item
          name="regionCode"
          label={t("places.region")}
          extra={t("places.regionHint")}
          rules={[{ required: true }]}
        >
          <RegionSelect placeholder={t("newCase.regionSearch")} />
        </Form.Item>
        <Form.Item name="households" label={t("places.households")}>
          <InputNumber min={0} max={100_000} precision={0} style={{ width: "100%" }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
