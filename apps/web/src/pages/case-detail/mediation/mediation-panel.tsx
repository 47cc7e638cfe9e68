import type { TCaseMediation, TRoomView } from "@fengqiao/core";
import { useQuery } from "@tanstack/react-query";
import { Button, Card, Input, Select, Space, Tag, Timeline, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api } from "../../../api/client";
import { fmtTime } from "../../../lib/time";
import { useApiAction } from "../../../lib/use-api-action";
import { AgreementCard } from "./agreement-card";
import { AgreementForm } from "./agreement-form";
import { MediationClocks } from "./mediation-clocks";
import { SessionForm } from "./session-form";

/** 交调解室: choose a room (the center's and the township's brands, the village committee). */
function HandToRoom({ m, invalidate }: { m: TCaseMediation; invalidate: string[][] }) {
  const { t } = useTranslation();
  const { run, busy } = useApiAction();
  const [room, setRoom] = useState<string>();
  const [reason, setReason] = useState("");
  const rooms = useQuery({ queryKey: ["med-rooms"], queryFn: () => api<TRoomView[]>("/mediation/rooms") });
  return (
    <Space wrap>
      <Select
        aria-label={t("med.room")}
        placeholder={t("med.room")}
        value={room}
        onChange={setRoom}
        style={{ minWidth: 200 }}
        data-testid="med-room-select"
        options={(rooms.data ?? [])
          .filter((r) => r.active && r.id !== m.room?.id)
          .map((r) => ({ value: r.id, label: r.name }))}
      />
      <Input
        placeholder={t("med.reason")}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        style={{ width: 180 }}
      />
      <Button
        disabled={!room}
        loading={busy}
        data-testid="med-hand"
        onClick={() =>
          run(
            () =>
              api(`/cases/${m.code}/mediation/handings`, { method: "POST", body: { roomId: room, reason } }),
            invalidate,
          )
        }
      >
        {t("med.handTo")}
      </Button>
    </Space>
  );
}

/** The case's mediation: its room and term, sessions, agreements and 司法确认, each clock with its basis. */
export function MediationPanel({ code }: { code: string }) {
  const { t } = useTranslation();
  const key = ["case-mediation", code];
  const invalidate = [key, ["case", code]];
  const q = useQuery({
    queryKey: key,
    queryFn: () => api<TCaseMediation>(`/cases/${encodeURIComponent(code)}/mediation`),
  });
  const rooms = useQuery({
    queryKey: ["med-rooms"],
    queryFn: () => api<TRoomView[]>("/mediation/rooms"),
    enabled: !!q.data?.room,
  });
  const m = q.data;
  if (!m) return null;
  const roomMediators = rooms.data?.find((r) => r.id === m.room?.id)?.mediators.map((x) => x.id) ?? [];
  return (
    <Card size="small" title={t("med.panel")} data-testid="mediation-panel">
      <Space orientation="vertical" size={12} style={{ width: "100%" }}>
        <Space wrap>
          <Typography.Text strong>{t("med.room")}：</Typography.Text>
          {m.room ? (
            <Link to={`/mediation?room=${m.room.id}`} data-testid="med-room-name">
              {m.room.name}
            </Link>
          ) : (
            <span className="fq-secondary">{t("med.notInRoom")}</span>
          )}
          {m.room && (
            <span className="fq-secondary">
              {t("med.since")} {fmtTime(m.room.since)}
            </span>
          )}
        </Space>
        <MediationClocks clocks={m.clocks} only={(k) => k.kind === "mediation.term"} />
        {m.can.handle && (
          <Space wrap>
            <HandToRoom m={m} invalidate={invalidate} />
            {m.room && <SessionForm m={m} mediatorIds={roomMediators} invalidate={invalidate} />}
            {m.room && !m.agreements.some((a) => a.status !== "refused") && (
              <AgreementForm m={m} invalidate={invalidate} />
            )}
          </Space>
        )}
        {m.sessions.length > 0 && (
          <Timeline
            items={m.sessions.map((s) => ({
              key: s.id,
              content: (
                <div data-testid="med-session">
                  <Space wrap>
                    <span>{fmtTime(s.heldAt)}</span>
                    <Tag
                      color={s.outcome === "failed" ? "red" : s.outcome === "adjourned" ? "default" : "green"}
                    >
                      {t(`med.outcome.${s.outcome}`)}
                    </Tag>
                    <span className="fq-secondary">
                      {s.place} · {s.mediators.join("、")}
                    </span>
                  </Space>
                  <div style={{ whiteSpace: "pre-wrap" }}>{s.minutes}</div>
                </div>
              ),
            }))}
          />
        )}
        {m.agreements.map((a) => (
          <AgreementCard key={a.id} a={a} m={m} invalidate={invalidate} />
        ))}
      </Space>
    </Card>
  );
}
