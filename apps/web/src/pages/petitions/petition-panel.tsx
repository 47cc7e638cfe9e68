import type { TPetitionSummary, TPetitionView } from "@fengqiao/core";
import { useQuery } from "@tanstack/react-query";
import { Card, Descriptions, List, Space, Tag, Tooltip, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { DueCountdown } from "../../components/countdown";
import { fmtTime, useServerNow } from "../../lib/time";
import { PetitionActions } from "./petition-actions";

/** The statutory deadline as a live countdown, its legal basis in the tooltip (and in plain text beside on a phone). */
export function PetitionDue({ p }: { p: TPetitionSummary }) {
  const { t } = useTranslation();
  const now = useServerNow();
  if (!p.dueAt) return <span className="fq-secondary">{t("pet.noDue")}</span>;
  return (
    <Tooltip title={`${t("pet.basis")}：${p.basis ?? ""}`}>
      <span data-testid="pet-due" data-basis={p.basis ?? ""}>
        <DueCountdown dueAt={p.dueAt} now={now} />
      </span>
    </Tooltip>
  );
}

/** Stage, group, repeat and extension, as tags. */
export function PetitionTags({ p }: { p: TPetitionSummary }) {
  const { t } = useTranslation();
  return (
    <Space size={4} wrap>
      <Tag color={p.overdue ? "red" : "blue"} data-testid="pet-stage">
        {t(`pet.stage.${p.stage}`)}
      </Tag>
      {p.overdue && <Tag color="red">{t("pet.overdue")}</Tag>}
      {p.group && <Tag color="red">{t("pet.group")}</Tag>}
      {p.extended.includes(p.stage) && <Tag color="orange">{t("pet.extended")}</Tag>}
      {p.repeatOfCode && <Tag color="purple">{t("pet.repeatOf", { code: p.repeatOfCode })}</Tag>}
    </Space>
  );
}

/** Case detail's 信访 card: where the petition stands, what may be done now, and the letters sent. */
export function PetitionPanel({ caseRef }: { caseRef: string }) {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: ["petition", caseRef],
    queryFn: () => api<TPetitionView>(`/cases/${encodeURIComponent(caseRef)}/petition`),
  });
  const p = q.data;
  if (!p) return null;
  return (
    <Card size="small" title={t("pet.panel")} data-testid="petition-panel">
      <Space orientation="vertical" size={12} style={{ width: "100%" }}>
        <Space wrap align="center">
          <PetitionTags p={p} />
          <PetitionDue p={p} />
        </Space>
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2 }}
          items={[
            { key: "m", label: t("pet.field.matter"), children: p.matter },
            { key: "k", label: t("pet.field.kind"), children: t(`pet.kind.${p.kind}`) },
            { key: "c", label: t("pet.field.channel"), children: t(`pet.channel.${p.channel}`) },
            {
              key: "n",
              label: t("pet.field.petitioners"),
              children: t("pet.petitioners", { n: p.petitioners }),
            },
            { key: "d", label: t("pet.due"), children: fmtTime(p.dueAt) },
            {
              key: "b",
              label: t("pet.basis"),
              children: <span data-testid="pet-basis">{p.basis ?? "—"}</span>,
            },
            ...(p.handlingUnitName
              ? [{ key: "u", label: t("pet.field.unit"), children: p.handlingUnitName }]
              : []),
          ]}
        />
        <PetitionActions p={p} caseRef={caseRef} />
        {p.letters.length > 0 && (
          <List
            size="small"
            header={<Typography.Text strong>{t("pet.letters")}</Typography.Text>}
            dataSource={p.letters}
            renderItem={(l) => (
              <List.Item
                actions={[
                  <a
                    key="print"
                    href={`/api/v1/petitions/letters/${l.id}/print`}
                    target="_blank"
                    rel="noreferrer"
                    data-testid={`pet-letter-${l.kind}`}
                  >
                    {t("pet.print")}
                  </a>,
                ]}
              >
                {l.title} <span className="fq-secondary">{fmtTime(l.sentAt)}</span>
              </List.Item>
            )}
          />
        )}
      </Space>
    </Card>
  );
}
