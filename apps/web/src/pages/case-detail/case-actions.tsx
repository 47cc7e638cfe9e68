import { type CaseCommandType, ZCaseCommandBody } from "@fengqiao/core";
import { useQueryClient } from "@tanstack/react-query";
import { App, Button, Form, Modal, Popconfirm, Space, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, isApiError } from "../../api/client";
import type { CaseDetail } from "../../api/types";
import { ACTION_FIELDS, ActionField } from "./action-fields";
import { EscalateTarget } from "./escalate-target";

type Values = Record<string, unknown>;

/** Exactly the commands the server says this user may run now, each with the form it needs. */
export function CaseActions({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [open, setOpen] = useState<CaseCommandType | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (type: CaseCommandType, values: Values) => {
    // assign needs explicit nulls ("unassign"); other commands must not carry these keys at all.
    const who = type === "assign" ? { unitId: values.unitId ?? null, userId: values.userId ?? null } : {};
    const body = { ...values, ...who, type, version: c.version };
    const parsed = ZCaseCommandBody.safeParse(body);
    if (!parsed.success) {
      form.setFields(parsed.error.issues.map((i) => ({ name: String(i.path[0]), errors: [i.message] })));
      return;
    }
    setBusy(true);
    try {
      await api(`/cases/${encodeURIComponent(c.code)}/commands`, { method: "POST", body: parsed.data });
      void message.success(t("action.done"));
      setOpen(null);
      await qc.invalidateQueries({ queryKey: ["case", c.code] });
      void qc.invalidateQueries({ queryKey: ["workbench"] });
    } catch (e) {
      if (isApiError(e, "CONFLICT")) {
        modal.confirm({
          title: t("common.conflict"),
          okText: t("common.reload"),
          onOk: () => qc.invalidateQueries({ queryKey: ["case", c.code] }),
        });
      } else void message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  if (c.allowedActions.length === 0) {
    return <Typography.Text type="secondary">{t("detail.noActions")}</Typography.Text>;
  }
  const fields = open ? (ACTION_FIELDS[open] ?? []) : [];
  return (
    <>
      <Space wrap data-testid="case-actions">
        {c.allowedActions.map((a) =>
          ACTION_FIELDS[a] ? (
            <Button key={a} data-action={a} onClick={() => setOpen(a)} danger={a === "escalate"}>
              {t(`action.${a}`)}
            </Button>
          ) : (
            <Popconfirm
              key={a}
              title={t("action.confirm", { a: t(`action.${a}`) })}
              onConfirm={() => run(a, {})}
              okButtonProps={{ loading: busy }}
            >
              <Button data-action={a} type={a === "accept" ? "primary" : "default"}>
                {t(`action.${a}`)}
              </Button>
            </Popconfirm>
          ),
        )}
      </Space>
      <Modal
        open={open !== null}
        title={open ? t(`action.${open}`) : ""}
        onCancel={() => setOpen(null)}
        onOk={() => form.submit()}
        confirmLoading={busy}
        destroyOnHidden
        okText={t("common.submit")}
        cancelText={t("common.cancel")}
      >
        <Form form={form} layout="vertical" preserve={false} onFinish={(v) => open && void run(open, v)}>
          {open === "escalate" && <EscalateTarget code={c.code} />}
          {fields.map((f) => (
            <ActionField key={f} field={f} />
          ))}
        </Form>
      </Modal>
    </>
  );
}
