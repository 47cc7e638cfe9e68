import { Col, Row, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { useActor } from "../../api/session";
import { QueryState } from "../../components/query-state";
import { useLabels } from "../../lib/labels";
import { useQueue } from "./center-api";

const NOW = {
  border: "2px solid #0958d9",
  borderRadius: 8,
  padding: 12,
  textAlign: "center",
  background: "#e6f4ff",
} as const;

// 大厅叫号屏: large numbers a TV in the hall (or a phone) can show; refreshed every 3 seconds.
export default function HallBoardPage() {
  const { t } = useTranslation();
  const { label } = useLabels();
  const me = useActor();
  const [params] = useSearchParams();
  const q = useQueue(params.get("center") ?? me.regionCode, 3000);
  const d = q.data;
  return (
    <div className="fq-hall" data-testid="hall-board">
      <Typography.Title level={2} style={{ textAlign: "center" }}>
        {d?.center.name} · {t("center.nowServing")}
      </Typography.Title>
      <QueryState isLoading={q.isLoading} error={q.error}>
        <Row gutter={[16, 16]}>
          {(d?.nowServing ?? []).map((x) => (
            <Col key={x.id} xs={24} sm={12} lg={8}>
              <div style={NOW} data-testid="hall-now">
                <div style={{ fontSize: "clamp(40px, 10vw, 96px)", fontWeight: 700 }}>{x.label}</div>
                <div style={{ fontSize: 24 }}>{t("center.window", { w: x.window })}</div>
                <div>{label("service", x.service)}</div>
              </div>
            </Col>
          ))}
        </Row>
        <Typography.Title level={4} style={{ marginTop: 24 }}>
          {t("center.waiting")}（{d?.waiting.length ?? 0}）
        </Typography.Title>
        <Typography.Paragraph style={{ fontSize: 24, wordBreak: "break-all" }}>
          {(d?.waiting ?? [])
            .slice(0, 30)
            .map((x) => x.label)
            .join("  ") || t("center.nobodyWaiting")}
        </Typography.Paragraph>
      </QueryState>
    </div>
  );
}
