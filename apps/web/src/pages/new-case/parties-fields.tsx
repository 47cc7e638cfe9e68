import { MinusCircleOutlined, PlusOutlined } from "@ant-design/icons";
import { Button, Form, Input, Select, Space } from "antd";
import { useTranslation } from "react-i18next";

export function PartiesFields() {
  const { t } = useTranslation();
  const roles = (["applicant", "respondent", "other"] as const).map((r) => ({
    value: r,
    label: t(`detail.party.${r}`),
  }));
  return (
    <Form.List name="parties">
      {(fields, { add, remove }) => (
        <>
          {fields.map((f) => (
            <Space key={f.key} wrap align="start" style={{ display: "flex", marginBottom: 4 }}>
              <Form.Item name={[f.name, "role"]} rules={[{ required: true }]}>
                <Select options={roles} style={{ width: 130 }} aria-label={t("detail.party.applicant")} />
              </Form.Item>
              <Form.Item name={[f.name, "name"]} rules={[{ required: true, whitespace: true }]}>
                <Input placeholder={t("newCase.reporterName")} aria-label={t("newCase.reporterName")} />
              </Form.Item>
              <Form.Item name={[f.name, "phone"]}>
                <Input placeholder={t("detail.phone")} aria-label={t("detail.phone")} />
              </Form.Item>
              <Form.Item name={[f.name, "idNumber"]}>
                <Input placeholder={t("detail.idNumber")} aria-label={t("detail.idNumber")} />
              </Form.Item>
              <Button
                type="text"
                icon={<MinusCircleOutlined />}
                onClick={() => remove(f.name)}
                aria-label={t("common.delete")}
              />
            </Space>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ role: "applicant" })}>
            {t("newCase.addParty")}
          </Button>
        </>
      )}
    </Form.List>
  );
}
