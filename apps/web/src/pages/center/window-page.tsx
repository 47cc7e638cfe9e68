import { Button, Radio, Space } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useActor } from "../../api/session";
import { canDo } from "../../lib/access";
import type { Ticket } from "./center-api";
import { IntakePanel } from "./intake-panel";
import { QueuePanel } from "./queue-panel";
import { SummonsPanel, TodayPanel } from "./today-panel";
import { UnitInbox } from "./unit-inbox";

/** 一站式窗口: the center's workbench — queue, intake, today's units, summonses — and my unit's inbox. */
export default function WindowPage() {
  const { t } = useTranslation();
  const me = useActor();
  // The center is the clerk's own township (or county); the server refuses anything else.
  const center = me.regionCode;
  // The center's staff run the window; a unit's own people see what the center asks of their unit.
  const operates = canDo(me, "window.operate");
  const [tab, setTab] = useState(operates ? "queue" : "unit");
  const [ticket, setTicket] = useState<Ticket | null>(null);
  const serve = (x: Ticket) => {
    setTicket(x);
    setTab("intake");
  };
  const windowTabs = [
    { key: "queue", label: t("center.queue"), children: <QueuePanel center={center} onServe={serve} /> },
    {
      key: "intake",
      label: t("center.intake"),
      children: <IntakePanel key={ticket?.id ?? "walk-in"} center={center} ticket={ticket} />,
    },
    { key: "today", label: t("center.today"), children: <TodayPanel center={center} /> },
    { key: "summons", label: t("center.summonses"), children: <SummonsPanel center={center} /> },
  ];
  const sections = [
    ...(operates ? windowTabs : []),
    { key: "unit", label: t("center.unitInbox"), children: <UnitInbox /> },
  ];
  return (
    <>
      {operates && (
        <Space wrap style={{ marginBottom: 12 }}>
          <Button
            href={`/window/board?center=${center}`}
            target="_blank"
            rel="noopener"
            data-testid="open-board"
          >
            {t("center.board")}
          </Button>
          <Link to="/window/roster">{t("center.roster")}</Link>
        </Space>
      )}
      {/* Buttons that wrap rather than tabs that scroll: five sections fit a phone's width. */}
      <Radio.Group
        aria-label={t("center.nav")}
        optionType="button"
        buttonStyle="solid"
        value={tab}
        onChange={(e) => setTab(e.target.value)}
        options={sections.map((x) => ({ value: x.key, label: x.label }))}
        style={{ display: "flex", flexWrap: "wrap", gap: 4, marginBottom: 12 }}
      />
      {sections.find((x) => x.key === tab)?.children}
    </>
  );
}
