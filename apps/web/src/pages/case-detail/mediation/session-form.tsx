import { SESSION_OUTCOMES, type TCaseMediation } from "@fengqiao/core";
import { Button, DatePicker, Form, Input, Modal, Select } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../../api/client";
import { useApiAction } from "../../../lib/use-api-action";

interface Values {
  at: Dayjs;
  place: string;
  present: string;
  minutes: string;
  outcome: (typeof SESSION_OUTCOMES)[number];
}

/** 调解笔录: time, place, the room's mediators, who came, what was said, the outcome. */
export function SessionForm({
  m,
  mediatorIds,
  invalidate,
}: {
  m: TCaseMediation;
  mediatorIds: string[];
  invalidate: string[][];
}) {
  const { t } = useTranslation();
  const { run, busy } = useApiAction();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Values>();
  const submit = async (v: Values) => {
    const ok = await run(
      () =>
        api(`/cases/${m.code}/mediation/sessions`, {
          method: "POST",
          body: {
            at: v.at.toISOString(),
            place: v.place,
            mediatorIds,
            partiesPresent: v.present
              .split(/[,，、]/)
              .map((s) => s.trim())
              .filter(Boolean),
            minutes: v.minutes,
            outcome: v.outcome,
          },
        }),
      invalidate,
    );
    if (ok) setOpen(false);
  };
  return (
    <>
      <Button
        onClick={() => setOpen(true)}
        disabled={mediatorIds.length === 0}
        data-testid="med-session-open"
      >
        {t("med.session")}
      </Button>
      <Modal
        open={open}
        title={t("med.session")}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        confirmLoading={busy}
        okButtonProps={{ "data-testid": "med-session-save" } as Record<`data-${string}`, string>}
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={submit}
          initialValues={{ at: dayjs(), outcome: "agreement" }}
        >
          <Form.Item name="at" label={t("med.sessionAt")} rules={[{ required: true }]}>
            <DatePicker showTime style={{ width: "100%" }} />
          </Form.Item>
          <Form.Item name="place" label={t("med.place")} rules={[{ required: true }]}>
            <Input data-testid="med-session-place" />
          </Form.Item>
          <Form.Item name="present" label={t("med.present")} rules={[{ required: true }]}>
            <Input data-testid="med-session-present" />
          </Form.Item>
          <Form.Item name="minutes" label={t("med.minutes")} rules={[{ required: true }]}>
            <Input.TextArea rows={4} data-testid="med-session-minutes" />
          </Form.Item>
          <Form.Item name="outcome" label={t("med.outcomeLabel")} rules={[{ required: true }]}>
            <Select
              data-testid="med-session-outcome"
              options={SESSION_OUTCOMES.map((o) => ({ value: o, label: t(`med.outcome.${o}`) }))}
            />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
