import { KPI_DEFINITIONS, type TDashboard } from "@fengqiao/core";
import { Card, Col, Row, Statistic, Tooltip, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

export const OPEN = "status=submitted,accepted,mediating,paused";

type KpiKey = keyof typeof KPI_DEFINITIONS;

/** Each figure and the case-list filter that lists exactly the cases it counts (numerator). */
const COUNTS: { key: KpiKey; filter: string; alarm?: boolean }[] = [
  { key: "received", filter: "" },
  { key: "accepted", filter: "kpi=accepted" },
  { key: "notAccepted", filter: "outcome=rejected" },
  { key: "referred", filter: "outcome=referred" },
  { key: "resolved", filter: "outcome=resolved" },
  { key: "closedNotResolved", filter: "status=closed&outcome=rejected,merged,referred" },
];
const RATES: { key: KpiKey; filter: string }[] = [
  { key: "villageRate", filter: "outcome=resolved&settled=1,2" },
  { key: "townshipRate", filter: "outcome=resolved&settled=1,2,3,4" },
  { key: "notUpwardRate", filter: "kpi=beyond" },
  { key: "closure7Rate", filter: "kpi=resolved7" },
  { key: "callbackOnTimeRate", filter: "channel=qr" },
  { key: "satisfactionRate", filter: "outcome=resolved" },
  { key: "reopenRate", filter: "kpi=reopened" },
  { key: "medianHandlingHours", filter: "outcome=resolved" },
];

function Def({ k }: { k: KpiKey }) {
  const { i18n } = useTranslation();
  const lang = i18n.language === "en" ? "en" : "zh";
  const d = KPI_DEFINITIONS[k];
  return (
    <Tooltip title={d.def[lang]}>
      <span style={{ borderBottom: "1px dotted #999", cursor: "help" }} data-testid={`def-${k}`}>
        {d.name[lang]}
      </span>
    </Tooltip>
  );
}

function Figure(o: {
  title: React.ReactNode;
  value: string | number;
  to: string;
  testId: string;
  alarm?: boolean;
}) {
  return (
    <Link to={o.to} data-testid={o.testId} aria-label={`${o.value}`}>
      <Card hoverable size="small" className="fq-count">
        <Statistic
          title={o.title}
          value={o.value}
          styles={o.alarm ? { content: { color: "#cf1322" } } : undefined}
        />
      </Card>
    </Link>
  );
}

const pct = (v: number | null) => (v === null ? "—" : `${Math.round(v * 1000) / 10}%`);

export function KpiCards({ d }: { d: TDashboard }) {
  const { t } = useTranslation();
  const base = `/cases?region=${d.region.code}`;
  const period = `${base}&from=${d.period.from}&to=${d.period.to}`;
  const now = [
    { key: "openNow", value: d.now.open, to: `${base}&${OPEN}`, def: t("lead.openNowDef") },
    {
      key: "redNow",
      value: d.now.red,
      to: `${base}&${OPEN}&warning=red`,
      def: t("lead.redNowDef"),
      alarm: true,
    },
    {
      key: "overdueNow",
      value: d.now.overdue,
      to: `${base}&${OPEN}&kpi=missed`,
      def: t("lead.overdueNowDef"),
      alarm: true,
    },
  ];
  return (
    <>
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        {now.map((c) => (
          <Col key={c.key} xs={8} md={4}>
            <Figure
              testId={`now-${c.key}`}
              title={<Tooltip title={c.def}>{t(`lead.${c.key}`)}</Tooltip>}
              value={c.value}
              to={c.to}
              alarm={Boolean(c.alarm) && c.value > 0}
            />
          </Col>
        ))}
        {COUNTS.map((c) => (
          <Col key={c.key} xs={8} md={4}>
            <Figure
              testId={`kpi-${c.key}`}
              title={<Def k={c.key} />}
              value={d.kpis[c.key as "received"]}
              to={`${period}${c.filter ? `&${c.filter}` : ""}`}
            />
          </Col>
        ))}
      </Row>
      <Typography.Title level={2} style={{ fontSize: 16 }}>
        {t("lead.rates")}
      </Typography.Title>
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        {RATES.map((c) => {
          const v = d.kpis[c.key as "villageRate"];
          const shown =
            c.key === "medianHandlingHours" ? (v === null ? "—" : t("lead.hours", { n: v })) : pct(v);
          return (
            <Col key={c.key} xs={12} md={6} xl={3}>
              <Figure
                testId={`kpi-${c.key}`}
                title={<Def k={c.key} />}
                value={shown}
                to={`${period}&${c.filter}`}
              />
            </Col>
          );
        })}
      </Row>
    </>
  );
}
