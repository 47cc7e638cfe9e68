import { MinusCircleOutlined, PlusOutlined } from "@ant-design/icons";
import {
  mayConcernPersonalStatus,
  STATUS_MATTERS,
  type TAgreementInput,
  type TCaseMediation,
} from "@fengqiao/core";
import { Button, DatePicker, Drawer, Form, Input, Select, Space } from "antd";
import type { Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../../api/client";
import { useIsPhone } from "../../../layout/use-is-phone";
import { useApiAction } from "../../../lib/use-api-action";

type Values = Omit<TAgreementInput, "terms" | "mediatorNames"> & {
  terms: { what: string; how: string; where: string; by: Dayjs }[];
  mediatorNames: string;
};

const ROLES = ["applicant", "respondent", "other"] as const;
const blankParty = (role: (typeof ROLES)[number]) => ({ role, name: "" });

/**
 * 调解协议书 from structured fields. Full ID numbers, phones and addresses are typed here once; the
 * server seals them and shows them masked from then on (in full only on the printed or Word copy).
 */
export function AgreementForm({ m, invalidate }: { m: TCaseMediation; invalidate: string[][] }) {
  const { t } = useTranslation();
  const phone = useIsPhone();
  const { run, busy } = useApiAction();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Values>();
  const family = mayConcernPersonalStatus(m.category);
  const submit = async (v: Values) => {
    const body: TAgreementInput = {
      ...v,
      parties: v.parties.map(
        (p) =>
          Object.fromEntries(
            Object.entries(p).filter(([, x]) => x !== "" && x !== undefined),
          ) as TAgreementInput["parties"][number],
      ),
      terms: v.terms.map((x) => ({ ...x, by: x.by.format("YYYY-MM-DD") })),
      mediatorNames: v.mediatorNames
        .split(/[,，、]/)
        .map((s) => s.trim())
        .filter(Boolean),
    };
    const ok = await run(() => api(`/cases/${m.code}/agreements`, { method: "POST", body }), invalidate);
    if (ok) setOpen(false);
  };
  const row = (name: (string | number)[], label: string, testId: string, required = true) => (
    <Form.Item
      name={name}
      label={label}
      rules={required ? [{ required: true }] : []}
      style={{ marginBottom: 8 }}
    >
      <Input data-testid={testId} />
    </Form.Item>
  );
  return (
    <>
      <Button type="primary" onClick={() => setOpen(true)} data-testid="med-agreement-open">
        {t("med.newAgreement")}
      </Button>
      <Drawer
        open={open}
        onClose={() => setOpen(false)}
        title={t("med.newAgreement")}
        size={phone ? "100%" : 640}
        destroyOnHidden
        extra={
          <Button
            type="primary"
            loading={busy}
            onClick={() => form.submit()}
            data-testid="med-agreement-save"
          >
            {t("med.save")}
          </Button>
        }
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={submit}
          initialValues={{
            parties: [blankParty("applicant"), blankParty("respondent")],
            terms: [{}],
            statusMatter: family ? undefined : "none",
          }}
        >
          <Form.List name="parties">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <fieldset
                    key={f.key}
                    style={{ border: "1px solid #eee", padding: 8, marginBottom: 8 }}
                    data-testid="med-party"
                  >
                    <Space wrap>
                      <Form.Item name={[f.name, "role"]} style={{ marginBottom: 8 }}>
                        <Select
                          style={{ width: 120 }}
                          options={ROLES.map((r) => ({ value: r, label: t(`med.role.${r}`) }))}
                        />
                      </Form.Item>
                      {fields.length > 2 && <MinusCircleOutlined onClick={() => remove(f.name)} />}
                    </Space>
                    {row([f.name, "name"], t("med.partyName"), "med-party-name")}
                    {row([f.name, "idNumber"], t("med.idNumber"), "med-party-id", false)}
                    {row([f.name, "phone"], t("med.phone"), "med-party-phone", false)}
                    {row([f.name, "address"], t("med.address"), "med-party-address", false)}
                  </fieldset>
                ))}
                <Button icon={<PlusOutlined />} onClick={() => add(blankParty("other"))}>
                  {t("med.addParty")}
                </Button>
              </>
            )}
          </Form.List>
          <Form.Item name="facts" label={t("med.facts")} rules={[{ required: true }]}>
            <Input.TextArea rows={3} data-testid="med-facts" />
          </Form.Item>
          <Form.Item name="dispute" label={t("med.dispute")} rules={[{ required: true }]}>
            <Input.TextArea rows={2} data-testid="med-dispute" />
          </Form.Item>
          <Form.Item name="responsibilities" label={t("med.responsibilities")} rules={[{ required: true }]}>
            <Input.TextArea rows={2} data-testid="med-responsibilities" />
          </Form.Item>
          <Form.List name="terms">
            {(fields, { add, remove }) => (
              <>
                <div style={{ marginBottom: 8 }}>{t("med.terms")}</div>
                {fields.map((f) => (
                  <fieldset
                    key={f.key}
                    style={{ border: "1px solid #eee", padding: 8, marginBottom: 8 }}
                    data-testid="med-term"
                  >
                    {row([f.name, "what"], t("med.what"), "med-term-what")}
                    {row([f.name, "how"], t("med.how"), "med-term-how")}
                    {row([f.name, "where"], t("med.where"), "med-term-where")}
                    <Form.Item name={[f.name, "by"]} label={t("med.by")} rules={[{ required: true }]}>
                      <DatePicker data-testid="med-term-by" />
                    </Form.Item>
                    {fields.length > 1 && <MinusCircleOutlined onClick={() => remove(f.name)} />}
                  </fieldset>
                ))}
                <Button icon={<PlusOutlined />} onClick={() => add({})}>
                  {t("med.addTerm")}
                </Button>
              </>
            )}
          </Form.List>
          <Form.Item
            name="statusMatter"
            label={t("med.statusMatter")}
            rules={[{ required: true }]}
            style={{ marginTop: 12 }}
          >
            <Select
              data-testid="med-status-matter"
              options={STATUS_MATTERS.map((s) => ({ value: s, label: t(`med.matter.${s}`) }))}
            />
          </Form.Item>
          <Form.Item name="mediatorNames" label={t("med.mediatorNames")} rules={[{ required: true }]}>
            <Input data-testid="med-mediator-names" />
          </Form.Item>
        </Form>
      </Drawer>
    </>
  );
}
