import { DownloadOutlined, FilePdfOutlined, FileTextOutlined } from "@ant-design/icons";
import type { TDashboard } from "@fengqiao/core";
import { useQuery } from "@tanstack/react-query";
import { Breadcrumb, Button, Card, Col, List, Row, Segmented, Space, Tag, Typography } from "antd";
import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";
import { api, apiUrl } from "../../api/client";
import { QueryState } from "../../components/query-state";
import { useLabels } from "../../lib/labels";
import { CategoryMix, RegionMap, SettledFunnel, TrendChart } from "./dashboard-charts";
import { KpiCards } from "./kpi-cards";

type Range = "30" | "90" | "year";

/** Today in Beijing as YYYY-MM-DD, and n days before it. */
const beijingDay = (t: number) => new Date(t + 8 * 3_600_000).toISOString().slice(0, 10);
function rangeDates(r: Range): { from: string; to: string } {
  const now = Date.now();
  const to = beijingDay(now);
  if (r === "year") return { from: `${to.slice(0, 4)}-01-01`, to };
  return { from: beijingDay(now - (Number(r) - 1) * 86_400_000), to };
}

function RedList({ d }: { d: TDashboard }) {
  const { t } = useTranslation();
  const { label } = useLabels();
  return (
    <Card size="small" title={`${t("lead.redList")} (${d.now.red})`} data-testid="red-list">
      <List
        size="small"
        dataSource={d.red}
        locale={{ emptyText: t("lead.noRed") }}
        renderItem={(c) => (
          <List.Item data-testid="red-row">
            <Space orientation="vertical" size={0} style={{ width: "100%" }}>
              <Link to={`/cases/${c.code}`}>
                <Typography.Text strong>{c.title}</Typography.Text>
              </Link>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {c.code} · {c.regionName} · {label("category", c.category)}
              </Typography.Text>
              <span>
                {c.reasons.map((r) => (
                  <Tag key={r} color="red">
                    {t(`lead.why.${r}`)}
                  </Tag>
                ))}
              </span>
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}

function RiskList({ d }: { d: TDashboard }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === "en";
  return (
    <Card
      size="small"
      title={t("lead.risks")}
      data-testid="risk-list"
      extra={
        <Space size={4} wrap>
          {Object.entries(d.risks.byRule).map(([rule, n]) => (
            <Tag key={rule} color="volcano">{`${t(`lead.why.${rule}`)} ${n}`}</Tag>
          ))}
        </Space>
      }
    >
      <List
        size="small"
        dataSource={d.risks.cases}
        locale={{ emptyText: t("lead.noRisk") }}
        renderItem={(c) => (
          <List.Item>
            <Space orientation="vertical" size={0}>
              <Link to={`/cases/${c.code}`}>{c.title}</Link>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {c.code} · {c.regionName} · {c.why.map((w) => (en ? w.en : w.zh)).join("；")}
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}

function Children({ d, onDrill }: { d: TDashboard; onDrill: (code: string) => void }) {
  const { t } = useTranslation();
  if (!d.children.length) return null;
  return (
    <Card size="small" title={t("lead.children")}>
      <List
        size="small"
        dataSource={d.children}
        renderItem={(c) => (
          <List.Item
            data-testid="child-row"
            extra={
              <Space size={4} wrap>
                <Tag>{`${t("lead.received")} ${c.received}`}</Tag>
                <Tag color="blue">{`${t("lead.openNow")} ${c.open}`}</Tag>
                <Tag color={c.red ? "red" : undefined}>{`${t("lead.redNow")} ${c.red}`}</Tag>
              </Space>
            }
          >
            <Button type="link" style={{ padding: 0 }} onClick={() => onDrill(c.code)}>
              {c.name}
            </Button>
          </List.Item>
        )}
      />
    </Card>
  );
}

export default function DashboardPage() {
  const { t } = useTranslation();
  const [sp, setSp] = useSearchParams();
  const navigate = useNavigate();
  const range = (sp.get("range") as Range | null) ?? "90";
  const region = sp.get("region") ?? undefined;
  const dates = rangeDates(range);
  const q = useQuery({
    queryKey: ["dashboard", region, dates.from, dates.to],
    queryFn: () => api<TDashboard>("/dashboard", { params: { region, ...dates } }),
  });
  const drill = useCallback(
    (code: string) => navigate(`/dashboard?region=${code}${range !== "90" ? `&range=${range}` : ""}`),
    [navigate, range],
  );
  const d = q.data;
  const setRange = (r: Range) => {
    const next = new URLSearchParams(sp);
    next.set("range", r);
    setSp(next);
  };
  return (
    <QueryState isLoading={q.isLoading} error={q.error} onRetry={() => q.refetch()}>
      {d && (
        <div data-testid="dashboard">
          <Space wrap style={{ marginBottom: 12, width: "100%", justifyContent: "space-between" }}>
            <Breadcrumb
              data-testid="crumbs"
              items={d.crumbs.map((c) => ({
                title:
                  c.code === d.region.code ? (
                    c.name
                  ) : (
                    <Link to={`/dashboard?region=${c.code}`}>{c.name}</Link>
                  ),
              }))}
            />
            <Space wrap>
              <Segmented
                value={range}
                onChange={(v) => setRange(v as Range)}
                options={[
                  { value: "30", label: t("lead.last30") },
                  { value: "90", label: t("lead.last90") },
                  { value: "year", label: t("lead.year") },
                ]}
              />
              <Button
                icon={<FileTextOutlined />}
                href={apiUrl("/brief.html", { region: d.region.code })}
                target="_blank"
                data-testid="brief-link"
              >
                {t("lead.brief")}
              </Button>
              <Button
                icon={<FilePdfOutlined />}
                href={apiUrl("/brief.pdf", { region: d.region.code })}
                data-testid="brief-pdf"
              >
                PDF
              </Button>
              <Button
                icon={<DownloadOutlined />}
                href={apiUrl("/cases-export.xlsx", { region: d.region.code, ...d.period })}
                data-testid="dashboard-export"
              >
                {t("lead.export")}
              </Button>
            </Space>
          </Space>
          <KpiCards d={d} />
          <Row gutter={[12, 12]}>
            <Col xs={24} lg={14}>
              <RegionMap d={d} onDrill={drill} />
            </Col>
            <Col xs={24} lg={10}>
              <RedList d={d} />
            </Col>
            <Col xs={24} lg={12}>
              <TrendChart d={d} />
            </Col>
            <Col xs={24} md={12} lg={6}>
              <SettledFunnel d={d} />
            </Col>
            <Col xs={24} md={12} lg={6}>
              <CategoryMix d={d} />
            </Col>
            <Col xs={24} lg={12}>
              <RiskList d={d} />
            </Col>
            <Col xs={24} lg={12}>
              <Children d={d} onDrill={drill} />
            </Col>
          </Row>
        </div>
      )}
    </QueryState>
  );
}
