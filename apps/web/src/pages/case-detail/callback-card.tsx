import { PhoneOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Form, Input, Modal, Radio, Space } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import type { CallbackBody, CaseDetail, ClockView } from "../../api/types";
import { DueCountdown } from "../../components/countdown";
import { fmtTime, useServerNow } from "../../lib/time";
import { callbackState } from "./callback-state";

function RecordCallback({ code }: { code: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<CallbackBody>();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const submit = async (body: CallbackBody) => {
    setBusy(true);
    try {
      await api(`/cases/${encodeURIComponent(code)}/callback`, { method: "POST", body });
      void message.success(t("callback.recorded"));
      setOpen(false);
      await qc.invalidateQueries({ queryKey: ["case", code] });
      void qc.invalidateQueries({ queryKey: ["workbench"] });
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button
        type="primary"
        icon={<PhoneOutlined />}
        onClick={() => setOpen(true)}
        data-testid="record-callback"
      >
        {t("callback.record")}
      </Button>
      <Modal
        open={open}
        title={t("callback.record")}
        onCancel={() => setOpen(false)}
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
          initialValues={{ reached: true }}
          onFinish={(v) => void submit(v)}
        >
          <Form.Item name="reached" label={t("callback.reached")} rules={[{ required: true }]}>
            <Radio.Group>
              <Radio value={true}>{t("callback.reachedYes")}</Radio>
              <Radio value={false}>{t("callback.reachedNo")}</Radio>
            </Radio.Group>
          </Form.Item>
          <Form.Item name="note" label={t("callback.note")} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea rows={3} maxLength={2000} showCount autoFocus />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

const ALERT = { pending: "info", missed: "error", done: "success", doneLate: "warning" } as const;

/** 回电时限: a live countdown while the citizen waits, red once missed, green once called back. */
export function CallbackCard({ c, clock }: { c: CaseDetail; clock: ClockView }) {
  const { t } = useTranslation();
  const now = useServerNow();
  const { state, at } = callbackState(c, clock, now);
  const open = state === "pending" || state === "missed";
  const canRecord = open && c.allowedActions.includes("note");
  return (
    <Alert
      type={ALERT[state]}
      showIcon
      icon={<PhoneOutlined />}
      data-testid="callback-card"
      data-state={state}
      title={<strong>{t(`callback.${state}`, { t: fmtTime(at) })}</strong>}
      description={
        <Space wrap size={16}>
          <span>
            {t("callback.limit")} {fmtTime(clock.dueAt)}
          </span>
          {open && clock.dueAt && <DueCountdown dueAt={clock.dueAt} now={now} testId="callback-countdown" />}
        </Space>
      }
      action={canRecord ? <RecordCallback code={c.code} /> : undefined}
    />
  );
}
