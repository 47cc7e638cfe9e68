import type { TPetitionView } from "@fengqiao/core";
import { useQuery } from "@tanstack/react-query";
import { Button, Form, Input, InputNumber, Modal, Select, Space } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import type { Unit } from "../../api/types";
import { useApiAction } from "../../lib/use-api-action";

// The petition's stage actions: one button per step the server allows this user now, each opening a
// short form. Every step sends its letter (受理告知书, 延期告知书 …), printable from the panel at once.

const RESULTS = ["support", "explain", "reject"] as const;

function UnitSelect(props: { value?: string; onChange?: (v: string) => void; id?: string }) {
  const q = useQuery({ queryKey: ["units"], queryFn: () => api<{ items: Unit[] }>("/units") });
  return (
    <Select
      {...props}
      showSearch={{ optionFilterProp: "label" }}
      options={(q.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))}
    />
  );
}

function ActionFields({ action, max }: { action: string; max: number }) {
  const { t } = useTranslation();
  const req = [{ required: true, whitespace: true }];
  switch (action) {
    case "notAccept":
      return (
        <>
          <Form.Item name="reason" label={t("pet.field.reason")} rules={req}>
            <Input.TextArea rows={3} maxLength={1000} />
          </Form.Item>
          <Form.Item name="channel" label={t("pet.field.properChannel")} rules={req}>
            <Input maxLength={500} />
          </Form.Item>
        </>
      );
    case "route":
      return (
        <>
          <Form.Item name="unitId" label={t("pet.field.unit")} rules={[{ required: true }]}>
            <UnitSelect />
          </Form.Item>
          <Form.Item name="note" label={t("pet.field.note")} rules={req}>
            <Input maxLength={1000} />
          </Form.Item>
        </>
      );
    case "extend":
      return (
        <>
          <Form.Item name="days" label={t("pet.field.days")} rules={[{ required: true }]} initialValue={max}>
            <InputNumber min={1} max={max} />
          </Form.Item>
          <Form.Item name="reason" label={t("pet.field.reason")} rules={req}>
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
          <Form.Item name="approvedBy" label={t("pet.field.approvedBy")} rules={req}>
            <Input maxLength={100} />
          </Form.Item>
        </>
      );
    case "reply":
    case "decideReview":
    case "decideRecheck":
      return (
        <>
          <Form.Item name="result" label={t("pet.field.result")} rules={[{ required: true }]}>
            <Select options={RESULTS.map((r) => ({ value: r, label: t(`pet.result.${r}`) }))} />
          </Form.Item>
          <Form.Item name="opinion" label={t("pet.field.opinion")} rules={req}>
            <Input.TextArea rows={4} maxLength={10000} />
          </Form.Item>
        </>
      );
    case "requestReview":
    case "requestRecheck":
      return (
        <Form.Item name="note" label={t("pet.field.note")}>
          <Input maxLength={1000} />
        </Form.Item>
      );
    default:
      return null;
  }
}

export function PetitionActions({
  p,
  caseRef,
  extendMax = 30,
}: {
  p: TPetitionView;
  caseRef: string;
  extendMax?: number;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<string | null>(null);
  const [form] = Form.useForm();
  const { run, busy } = useApiAction();
  const submit = async () => {
    const values = (await form.validateFields()) as Record<string, unknown>;
    const done = await run(
      () =>
        api<TPetitionView>(`/petitions/${p.id}/commands`, {
          method: "POST",
          body: { ...values, type: open, version: p.caseVersion },
        }),
      [["petition", caseRef], ["case", caseRef], ["petitions"]],
    );
    if (done) {
      setOpen(null);
      form.resetFields();
    }
  };
  if (p.allowedActions.length === 0) return null;
  return (
    <>
      <Space wrap>
        {p.allowedActions.map((a) => (
          <Button
            key={a}
            type={a === "notAccept" ? "default" : "primary"}
            danger={a === "notAccept"}
            onClick={() => setOpen(a)}
            data-testid={`pet-action-${a}`}
          >
            {t(`pet.action.${a}`)}
          </Button>
        ))}
      </Space>
      <Modal
        open={open !== null}
        title={open ? t(`pet.action.${open}`) : ""}
        onCancel={() => setOpen(null)}
        onOk={() => void submit()}
        okButtonProps={{ loading: busy, "data-testid": "pet-submit" }}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false}>
          {open && <ActionFields action={open} max={extendMax} />}
        </Form>
      </Modal>
    </>
  );
}
