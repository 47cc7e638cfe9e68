import { EyeOutlined } from "@ant-design/icons";
import { App, Button, Card, Descriptions, Popconfirm, Tag } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import type { CaseDetail, Contacts, PartyView } from "../../api/types";

/** Parties with masked contacts; the full ones come from a separate call that the server logs. */
export function PartiesCard({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [full, setFull] = useState<Contacts | null>(null);
  const [busy, setBusy] = useState(false);
  const reveal = async () => {
    setBusy(true);
    try {
      setFull(await api<Contacts>(`/cases/${encodeURIComponent(c.code)}/contacts`, { method: "POST" }));
      void message.info(t("detail.revealed"));
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const parties: PartyView[] = full?.parties ?? c.parties;
  const reporter = full?.reporter ?? { name: c.reporterName, phone: c.reporterPhone };
  return (
    <Card
      size="small"
      title={t("detail.parties")}
      extra={
        c.canRevealContacts &&
        !full && (
          <Popconfirm title={t("detail.revealConfirm")} onConfirm={() => void reveal()}>
            <Button size="small" icon={<EyeOutlined />} loading={busy} data-testid="reveal">
              {t("detail.reveal")}
            </Button>
          </Popconfirm>
        )
      }
    >
      <Descriptions
        size="small"
        column={1}
        items={[
          {
            key: "reporter",
            label: t("field.reporter"),
            children: [reporter.name, reporter.phone].filter(Boolean).join(" ") || "—",
          },
        ]}
      />
      {parties.map((p, i) => (
        <Descriptions
          // biome-ignore lint/suspicious/noArrayIndexKey: parties have no id; a case's party order is fixed
          key={`${p.role}-${i}`}
          size="small"
          column={{ xs: 1, md: 3 }}
          style={{ marginTop: 8 }}
          title={
            <span>
              <Tag>{t(`detail.party.${p.role}`, { defaultValue: p.role })}</Tag>
              {p.name}
            </span>
          }
          items={[
            { key: "phone", label: t("detail.phone"), children: p.phone ?? "—" },
            { key: "id", label: t("detail.idNumber"), children: p.idNumber ?? "—" },
            { key: "note", label: t("detail.note"), children: p.note || "—" },
          ]}
        />
      ))}
    </Card>
  );
}
