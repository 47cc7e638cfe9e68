import { PETITION_STAGES, type PetitionStage, type TPetitionSummary } from "@fengqiao/core";
import { useQuery } from "@tanstack/react-query";
import { Button, Card, List, Segmented, Select, Space, Table, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api } from "../../api/client";
import { useActor } from "../../api/session";
import { QueryState } from "../../components/query-state";
import { useIsPhone } from "../../layout/use-is-phone";
import { canDo } from "../../lib/access";
import { PetitionDue, PetitionTags } from "./petition-panel";
import { PetitionRegister } from "./petition-register";

// 信访工作台: the petitions of my jurisdiction by stage, what runs out first on top, each with its
// statutory countdown and the article it comes from (tooltip; in plain text on a phone card).

// Stages that still owe something, first; then the ones that are over.
const FILTERS: (PetitionStage | "all")[] = [
  "all",
  "registered",
  "handling",
  "review",
  "recheck",
  "replied",
  "reviewed",
];

function PetitionCard({ p }: { p: TPetitionSummary }) {
  const { t } = useTranslation();
  return (
    <List.Item data-testid="petition-row">
      <Space orientation="vertical" size={4} style={{ width: "100%" }}>
        <Space wrap>
          <PetitionDue p={p} />
          <PetitionTags p={p} />
        </Space>
        <Link to={`/cases/${p.caseCode}`}>{p.caseCode}</Link>
        <Typography.Text>{p.matter}</Typography.Text>
        {p.basis && <Typography.Text type="secondary">{p.basis}</Typography.Text>}
        <Typography.Text type="secondary">
          {t(`pet.kind.${p.kind}`)} · {t(`pet.channel.${p.channel}`)} · {p.petitionerName ?? ""}{" "}
          {p.petitionerPhone ?? ""}
        </Typography.Text>
      </Space>
    </List.Item>
  );
}

export default function PetitionsPage() {
  const { t } = useTranslation();
  const me = useActor();
  const phone = useIsPhone();
  const [stage, setStage] = useState<PetitionStage | "all">("all");
  const [registering, setRegistering] = useState(false);
  const q = useQuery({
    queryKey: ["petitions", stage],
    queryFn: () =>
      api<{ items: TPetitionSummary[] }>("/petitions", {
        params: { stage: stage === "all" ? undefined : stage },
      }),
  });
  const items = q.data?.items ?? [];
  const stageOptions = FILTERS.filter((s) => s === "all" || PETITION_STAGES.includes(s)).map((s) => ({
    value: s,
    label: s === "all" ? t("pet.allStages") : t(`pet.stage.${s}`),
  }));
  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }} data-testid="petitions-page">
      <div style={{ display: "flex", flexWrap: "wrap", gap: 8, justifyContent: "space-between" }}>
        {/* A phone gets a select: nine stage buttons do not fit 390 px. */}
        {phone ? (
          <Select
            aria-label={t("pet.stageLabel")}
            value={stage}
            onChange={(v) => setStage(v)}
            options={stageOptions}
            style={{ minWidth: 160 }}
          />
        ) : (
          <Segmented
            value={stage}
            onChange={(v) => setStage(v as PetitionStage | "all")}
            options={stageOptions}
          />
        )}
        {canDo(me, "petition.register") && (
          <Button type="primary" onClick={() => setRegistering(true)} data-testid="pet-register">
            {t("pet.register")}
          </Button>
        )}
      </div>
      <QueryState isLoading={q.isLoading} error={q.error} onRetry={() => void q.refetch()}>
        <Card size="small">
          {phone ? (
            <List
              dataSource={items}
              renderItem={(p) => <PetitionCard key={p.id} p={p} />}
              locale={{ emptyText: t("pet.empty") }}
            />
          ) : (
            <Table
              rowKey="id"
              size="small"
              dataSource={items}
              pagination={false}
              locale={{ emptyText: t("pet.empty") }}
              onRow={() => ({ "data-testid": "petition-row" }) as object}
              columns={[
                { key: "due", title: t("pet.due"), render: (_, p) => <PetitionDue p={p} /> },
                { key: "stage", title: t("pet.stageLabel"), render: (_, p) => <PetitionTags p={p} /> },
                {
                  key: "code",
                  title: t("pet.code"),
                  render: (_, p) => <Link to={`/cases/${p.caseCode}`}>{p.caseCode}</Link>,
                },
                { key: "matter", title: t("pet.field.matter"), dataIndex: "matter" },
                { key: "kind", title: t("pet.field.kind"), render: (_, p) => t(`pet.kind.${p.kind}`) },
                {
                  key: "who",
                  title: t("pet.field.name"),
                  render: (_, p) => `${p.petitionerName ?? ""} ${p.petitionerPhone ?? ""}`,
                },
              ]}
            />
          )}
        </Card>
      </QueryState>
      <PetitionRegister open={registering} onClose={() => setRegistering(false)} />
    </Space>
  );
}
