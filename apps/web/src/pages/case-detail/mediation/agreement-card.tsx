import { FileWordOutlined, PrinterOutlined } from "@ant-design/icons";
import type { TAgreementView, TCaseMediation } from "@fengqiao/core";
import { Button, Card, Descriptions, Input, Popconfirm, Space, Tag, Typography } from "antd";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, apiUrl } from "../../../api/client";
import { useServerNow } from "../../../lib/time";
import { useApiAction } from "../../../lib/use-api-action";
import { JcPanel } from "./jc-panel";
import { MediationClocks } from "./mediation-clocks";

/** Each party's signature: signed / refused on a date, or the two buttons while the draft is open. */
function Signatures({
  a,
  invalidate,
  canHandle,
}: {
  a: TAgreementView;
  invalidate: string[][];
  canHandle: boolean;
}) {
  const { t } = useTranslation();
  const { run, busy } = useApiAction();
  const today = dayjs(useServerNow(60_000)).format("YYYY-MM-DD");
  const sign = (party: number, signed: boolean) =>
    run(
      () =>
        api(`/agreements/${a.id}/signatures`, {
          method: "POST",
          body: { party, signed, on: today, version: a.version },
        }),
      invalidate,
    );
  return (
    <ul style={{ listStyle: "none", padding: 0, margin: 0 }}>
      {a.parties.map((p, i) => (
        <li
          key={`${p.role}:${p.name}:${p.idNumber ?? p.phone ?? ""}`}
          data-testid="med-agreement-party"
          style={{ marginBottom: 6 }}
        >
          <strong>{t(`med.role.${p.role}`)}</strong> {p.name}{" "}
          <span className="fq-secondary">{[p.idNumber, p.phone, p.address].filter(Boolean).join(" · ")}</span>{" "}
          {p.signature ? (
            <Tag color={p.signature.signed ? "green" : "red"}>
              {t(p.signature.signed ? "med.signed" : "med.refused", { on: p.signature.on })}
            </Tag>
          ) : (
            a.status === "draft" &&
            canHandle && (
              <Space size={4}>
                <Button
                  size="small"
                  type="primary"
                  loading={busy}
                  onClick={() => sign(i, true)}
                  data-testid={`med-sign-${i}`}
                >
                  {t("med.sign")}
                </Button>
                <Popconfirm title={t("med.refuse")} onConfirm={() => sign(i, false)}>
                  <Button size="small" danger>
                    {t("med.refuse")}
                  </Button>
                </Popconfirm>
              </Space>
            )
          )}
        </li>
      ))}
    </ul>
  );
}

/** 履行回访: honoured, or not — then reopen for mediation or refer to the court. */
function Followup({ a, invalidate }: { a: TAgreementView; invalidate: string[][] }) {
  const { t } = useTranslation();
  const { run, busy } = useApiAction();
  const [note, setNote] = useState("");
  const post = (body: object) =>
    run(() => api(`/agreements/${a.id}/followup`, { method: "POST", body }), invalidate);
  return (
    <Space wrap>
      <Button
        loading={busy}
        onClick={() => post({ honoured: true, note })}
        data-testid="med-followup-honoured"
      >
        {t("med.honoured")}
      </Button>
      <Input
        placeholder={t("med.note")}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        style={{ width: 200 }}
      />
      {(["reopen", "litigate"] as const).map((next) => (
        <Button
          key={next}
          danger
          disabled={!note.trim()}
          loading={busy}
          onClick={() => post({ honoured: false, next, note })}
        >
          {t("med.notHonoured")} · {t(`med.next.${next}`)}
        </Button>
      ))}
    </Space>
  );
}

export function AgreementCard({
  a,
  m,
  invalidate,
}: {
  a: TAgreementView;
  m: TCaseMediation;
  invalidate: string[][];
}) {
  const { t } = useTranslation();
  const mine = m.clocks.filter(
    (k) =>
      k.subjectId === a.id || m.confirmations.some((j) => j.agreementId === a.id && j.id === k.subjectId),
  );
  return (
    <Card
      size="small"
      data-testid="med-agreement"
      title={
        <Space wrap>
          <span>{a.number}</span>
          <Tag
            color={a.status === "effective" ? "green" : a.status === "refused" ? "red" : "blue"}
            data-testid="med-agreement-status"
          >
            {t(`med.status.${a.status}`)}
          </Tag>
          {a.performance && <Tag>{t(`med.performance.${a.performance}`)}</Tag>}
        </Space>
      }
      extra={
        <Space size={4}>
          <Button
            size="small"
            icon={<PrinterOutlined />}
            href={apiUrl(`/agreements/${a.id}/print`)}
            target="_blank"
            rel="noopener"
            data-testid="med-print"
          >
            {t("med.print")}
          </Button>
          <Button
            size="small"
            icon={<FileWordOutlined />}
            href={apiUrl(`/agreements/${a.id}/docx`)}
            data-testid="med-word"
          >
            {t("med.word")}
          </Button>
        </Space>
      }
    >
      <Signatures a={a} invalidate={invalidate} canHandle={m.can.handle} />
      <Descriptions
        size="small"
        column={1}
        style={{ marginTop: 8 }}
        items={[
          { key: "f", label: t("med.facts"), children: a.facts },
          {
            key: "t",
            label: t("med.terms"),
            children: a.terms.map((x) => `${x.what}（${x.how}，${x.where}，${x.by}）`).join("；"),
          },
        ]}
      />
      <MediationClocks clocks={mine} />
      {a.status === "effective" &&
        m.can.handle &&
        (a.performance === "pending" || a.performance === "due") && (
          <div style={{ marginTop: 8 }}>
            <Typography.Text strong>{t("med.followup")}</Typography.Text>{" "}
            <Followup a={a} invalidate={invalidate} />
          </div>
        )}
      {a.status === "effective" && <JcPanel a={a} m={m} invalidate={invalidate} />}
    </Card>
  );
}
