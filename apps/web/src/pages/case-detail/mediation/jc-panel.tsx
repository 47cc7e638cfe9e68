import { JC_NEXT, type TAgreementView, type TCaseMediation, type TJcView } from "@fengqiao/core";
import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Divider, Input, Select, Space, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../../api/client";
import { fmtTime } from "../../../lib/time";
import { useApiAction } from "../../../lib/use-api-action";

/** The court's side: accept or not, extend once, confirm or not (with what the parties may do next). */
export function CourtDecisions({ j, invalidate }: { j: TJcView; invalidate: string[][] }) {
  const { t } = useTranslation();
  const { run, busy } = useApiAction();
  const [reason, setReason] = useState("");
  const [next, setNext] = useState<(typeof JC_NEXT)[number]>("re_mediate");
  const post = (what: string, body: object) =>
    run(() => api(`/judicial-confirmations/${j.id}/${what}`, { method: "POST", body }), invalidate);
  const needReason = !reason.trim();
  return (
    <Space wrap style={{ marginTop: 8 }}>
      <Input
        placeholder={t("med.reason")}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        style={{ width: 200 }}
        data-testid="jc-reason"
      />
      {j.status === "applied" && (
        <>
          <Button
            type="primary"
            loading={busy}
            onClick={() => post("acceptance", { accepted: true })}
            data-testid="jc-accept"
          >
            {t("med.accept")}
          </Button>
          <Button
            danger
            disabled={needReason}
            onClick={() => post("acceptance", { accepted: false, reason })}
          >
            {t("med.notAccept")}
          </Button>
        </>
      )}
      {j.status === "accepted" && (
        <>
          <Button
            type="primary"
            loading={busy}
            onClick={() => post("ruling", { confirmed: true })}
            data-testid="jc-confirm"
          >
            {t("med.confirm")}
          </Button>
          <Select
            aria-label={t("med.jcNextLabel")}
            value={next}
            onChange={setNext}
            style={{ width: 160 }}
            options={JC_NEXT.map((n) => ({ value: n, label: t(`med.jcNext.${n}`) }))}
          />
          <Button
            danger
            disabled={needReason}
            onClick={() => post("ruling", { confirmed: false, reason, next })}
          >
            {t("med.notConfirm")}
          </Button>
          {!j.extended && (
            <Button
              disabled={needReason}
              onClick={() => post("extension", { reason })}
              data-testid="jc-extend"
            >
              {t("med.extend")}
            </Button>
          )}
        </>
      )}
    </Space>
  );
}

/** 司法确认 of one agreement: the joint application, then the court's clocks and decisions. */
export function JcPanel({
  a,
  m,
  invalidate,
}: {
  a: TAgreementView;
  m: TCaseMediation;
  invalidate: string[][];
}) {
  const { t } = useTranslation();
  const { run, busy } = useApiAction();
  const [court, setCourt] = useState<string>();
  const jcs = m.confirmations.filter((j) => j.agreementId === a.id);
  const open = jcs.find((j) => j.status === "applied" || j.status === "accepted");
  const courts = useQuery({
    queryKey: ["med-courts"],
    queryFn: () => api<{ id: string; name: string }[]>("/mediation/courts"),
    enabled: m.can.handle && !open && a.confirmable,
  });
  return (
    <div data-testid="jc-panel">
      <Divider style={{ margin: "8px 0" }} />
      <Typography.Text strong>{t("med.jc")}</Typography.Text>
      {!a.confirmable && (
        <Alert
          type="info"
          showIcon
          title={`${t("med.notConfirmable")}：${t(`med.matter.${a.statusMatter}`)}`}
        />
      )}
      {jcs.map((j) => (
        <div key={j.id} data-testid="jc-item" style={{ marginTop: 4 }}>
          <Space wrap>
            <Tag
              color={j.status === "confirmed" ? "green" : j.status.startsWith("not") ? "red" : "blue"}
              data-testid="jc-status"
            >
              {t(`med.jcStatus.${j.status}`)}
            </Tag>
            <span>{j.court.name}</span>
            <span className="fq-secondary">{fmtTime(j.appliedAt)}</span>
            {j.extended && <Tag>{t("med.extend")}</Tag>}
            {j.overdue && <Tag color="red">{t("med.fired")}</Tag>}
            {j.next && <Tag>{t(`med.jcNext.${j.next}`)}</Tag>}
            {j.reason && <span className="fq-secondary">{j.reason}</span>}
          </Space>
          {m.can.decide && (j.status === "applied" || j.status === "accepted") && (
            <CourtDecisions j={j} invalidate={invalidate} />
          )}
        </div>
      ))}
      {a.confirmable && !open && m.can.handle && !jcs.some((j) => j.status === "confirmed") && (
        <Space wrap style={{ marginTop: 8 }}>
          <Select
            aria-label={t("med.court")}
            placeholder={t("med.court")}
            value={court}
            onChange={setCourt}
            style={{ minWidth: 220 }}
            options={(courts.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
            data-testid="jc-court"
          />
          <Button
            type="primary"
            disabled={!court}
            loading={busy}
            onClick={() =>
              run(
                () =>
                  api(`/agreements/${a.id}/judicial-confirmation`, {
                    method: "POST",
                    body: { courtUnitId: court, jointly: true },
                  }),
                invalidate,
              )
            }
            data-testid="jc-apply"
          >
            {t("med.jcApply")}
          </Button>
        </Space>
      )}
    </div>
  );
}
