import type { TJcListItem, TRoomBoard, TRoomView } from "@fengqiao/core";
import { useQuery } from "@tanstack/react-query";
import { Card, Empty, List, Space, Table, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { api } from "../../api/client";
import { useActor } from "../../api/session";
import { QueryState } from "../../components/query-state";
import { WarningTag } from "../../components/tags";
import { useIsPhone } from "../../layout/use-is-phone";
import { canDo } from "../../lib/access";
import { fmtTime } from "../../lib/time";
import { CourtDecisions } from "../case-detail/mediation/jc-panel";
import { MediationClocks } from "../case-detail/mediation/mediation-clocks";
import { RoomForm } from "./room-form";

type BoardCase = TRoomBoard["cases"][number];

/** One case of the board: code, title, the room's term and every running clock with its basis. */
function BoardCard({ c }: { c: BoardCase }) {
  const { t } = useTranslation();
  return (
    <article className="fq-case-card" data-testid="med-board-case">
      <Space wrap>
        <Link to={`/cases/${c.code}`} className="fq-case-card-code">
          {c.code}
        </Link>
        <WarningTag warning={c.warning as "blue" | "yellow" | "red"} />
        {c.agreementStatus && <Tag>{t(`med.status.${c.agreementStatus}`)}</Tag>}
        {c.lastOutcome && <Tag>{t(`med.outcome.${c.lastOutcome}`)}</Tag>}
      </Space>
      <span className="fq-case-card-title">{c.title}</span>
      <span className="fq-secondary">
        {t("med.since")} {fmtTime(c.since)} · {t("med.sessions")} {c.sessions}
      </span>
      <MediationClocks clocks={c.clocks} />
    </article>
  );
}

function Board({ roomId }: { roomId: string }) {
  const { t } = useTranslation();
  const phone = useIsPhone();
  const q = useQuery({
    queryKey: ["med-board", roomId],
    queryFn: () => api<TRoomBoard>(`/mediation/rooms/${roomId}/board`),
  });
  const b = q.data;
  return (
    <QueryState isLoading={q.isLoading} error={q.error} onRetry={() => void q.refetch()}>
      {b && (
        <Card size="small" title={`${t("med.board")} · ${b.room.name}`} data-testid="med-board">
          {b.cases.length === 0 ? (
            <Empty description={t("med.noCases")} />
          ) : phone ? (
            <div className="fq-case-cards">
              {b.cases.map((c) => (
                <BoardCard key={c.caseId} c={c} />
              ))}
            </div>
          ) : (
            <Table
              size="small"
              rowKey="caseId"
              pagination={false}
              dataSource={b.cases}
              columns={[
                { title: "编号 / Code", render: (_, c) => <Link to={`/cases/${c.code}`}>{c.code}</Link> },
                { title: t("med.name"), dataIndex: "title" },
                { title: t("med.since"), render: (_, c) => fmtTime(c.since) },
                { title: t("med.sessions"), dataIndex: "sessions" },
                {
                  title: t("med.agreement"),
                  render: (_, c) => (c.agreementStatus ? t(`med.status.${c.agreementStatus}`) : "—"),
                },
                { title: t("med.clocks"), render: (_, c) => <MediationClocks clocks={c.clocks} /> },
                {
                  title: "",
                  render: (_, c) => <WarningTag warning={c.warning as "blue" | "yellow" | "red"} />,
                },
              ]}
            />
          )}
        </Card>
      )}
    </QueryState>
  );
}

/** 司法确认 applications the user decides on (a court's clerk) or follows (the center). */
function Confirmations() {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: ["med-jcs"], queryFn: () => api<TJcListItem[]>("/judicial-confirmations") });
  if (!q.data?.length) return null;
  return (
    <Card size="small" title={t("med.jc")} data-testid="jc-list">
      <div className="fq-case-cards">
        {q.data.map((j) => (
          <article key={j.id} className="fq-case-card" data-testid="jc-list-item">
            <Space wrap>
              <Link to={`/cases/${j.caseCode}`} className="fq-case-card-code">
                {j.caseCode}
              </Link>
              <Tag
                color={j.status === "confirmed" ? "green" : j.status.startsWith("not") ? "red" : "blue"}
                data-testid="jc-status"
              >
                {t(`med.jcStatus.${j.status}`)}
              </Tag>
            </Space>
            <span className="fq-case-card-title">
              {j.agreementNumber} · {j.parties.join(" / ")}
            </span>
            <span className="fq-secondary">
              {j.court.name} · {fmtTime(j.appliedAt)}
            </span>
            <MediationClocks clocks={j.clocks} />
            {(j.status === "applied" || j.status === "accepted") && (
              <CourtDecisions j={j} invalidate={[["med-jcs"], ["med-board"]]} />
            )}
          </article>
        ))}
      </div>
    </Card>
  );
}

/** 调解室: the rooms the user can see (and keep), and the chosen room's board. */
export default function MediationPage() {
  const { t } = useTranslation();
  const me = useActor();
  const [params, setParams] = useSearchParams();
  const rooms = useQuery({ queryKey: ["med-rooms"], queryFn: () => api<TRoomView[]>("/mediation/rooms") });
  const manage = canDo(me, "mediation.room.manage");
  const selected = params.get("room") ?? rooms.data?.[0]?.id ?? null;
  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }} data-testid="mediation-page">
      {(rooms.data?.length ?? 0) > 0 || manage ? (
        <Card size="small" title={t("med.rooms")} extra={manage && <RoomForm />}>
          <QueryState isLoading={rooms.isLoading} error={rooms.error} onRetry={() => void rooms.refetch()}>
            <List
              dataSource={rooms.data ?? []}
              renderItem={(r) => (
                <List.Item
                  data-testid="med-room"
                  style={{
                    cursor: "pointer",
                    background: r.id === selected ? "rgba(22,119,255,0.06)" : undefined,
                  }}
                  onClick={() => setParams({ room: r.id })}
                  actions={manage ? [<RoomForm key="e" room={r} />] : []}
                >
                  <List.Item.Meta
                    title={
                      <Space wrap>
                        <Typography.Text strong>{r.name}</Typography.Text>
                        {r.partners && <Tag>{r.partners}</Tag>}
                        {!r.active && <Tag>停用</Tag>}
                      </Space>
                    }
                    description={`${t(`med.kind.${r.kind}`)} · ${r.regionName ?? r.regionCode} · ${t("med.mediators")}：${r.mediators.map((m) => m.name).join("、") || "—"} · ${t("med.openCases")} ${r.openCases}`}
                  />
                </List.Item>
              )}
            />
          </QueryState>
        </Card>
      ) : null}
      <Confirmations />
      {selected && <Board roomId={selected} />}
    </Space>
  );
}
