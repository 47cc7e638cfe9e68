import { useQuery } from "@tanstack/react-query";
import { Alert, Form, Radio, Space } from "antd";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import type { EscalationChoice as Choice } from "../../api/types";

/** "组团（梁家墩村）": the step's name and the region whose people hold it. */
function useWhere() {
  const { t, i18n } = useTranslation();
  return (c: Choice) => {
    const step = c.stepName ? (i18n.language === "en" ? c.stepName.en : c.stepName.zh) : t("flow.ev.beyond");
    return c.regionName ? `${step}（${c.regionName}）` : step;
  };
}

/**
 * The escalate dialog says where the case goes. A user whose own rung is higher up the ladder
 * chooses: take it over at their level (接手) or send it above them; the choice is `toStep`.
 */
export function EscalateTarget({ code }: { code: string }) {
  const { t } = useTranslation();
  const where = useWhere();
  const form = Form.useFormInstance();
  const q = useQuery({
    queryKey: ["escalation", code],
    queryFn: () => api<{ choices: Choice[] }>(`/cases/${encodeURIComponent(code)}/escalation`),
  });
  const choices = q.data?.choices ?? [];
  const two = choices.length > 1;
  useEffect(() => {
    // Preselect taking over: the usual move of a cadre who finds a grid case on the village's desk.
    if (two && form.getFieldValue("toStep") === undefined) form.setFieldValue("toStep", choices[0]?.toStep);
  }, [two, choices, form]);
  if (!choices.length) return null;
  if (!two) {
    const only = choices[0] as Choice;
    return (
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title={t("flow.esc.goesTo", { to: where(only) })}
        data-testid="escalate-goes-to"
      />
    );
  }
  return (
    <Form.Item name="toStep" label={t("flow.esc.choose")} rules={[{ required: true }]}>
      <Radio.Group data-testid="escalate-choice">
        <Space orientation="vertical">
          {choices.map((c) => (
            <Radio key={c.toStep} value={c.toStep} data-kind={c.kind}>
              {c.kind === "takeOver"
                ? t("flow.esc.takeOver", { to: where(c) })
                : t("flow.esc.above", { to: where(c) })}
            </Radio>
          ))}
        </Space>
      </Radio.Group>
    </Form.Item>
  );
}
