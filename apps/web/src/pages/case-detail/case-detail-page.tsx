import { categoryFamily } from "@fengqiao/core";
import { useQuery } from "@tanstack/react-query";
import { Alert, Card, Col, Descriptions, Row, Space, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import { api, isApiError } from "../../api/client";
import type { CaseDetail } from "../../api/types";
import { DeadlineCell } from "../../components/countdown";
import { QueryState } from "../../components/query-state";
import { RegionName } from "../../components/region-name";
import { StatusTag, StepLabel } from "../../components/tags";
import { useIsPhone } from "../../layout/use-is-phone";
import { useLabels } from "../../lib/labels";
import { fmtTime, useServerNow } from "../../lib/time";
import { CaseCenterCard } from "../center/case-center-card";
import { RiskCard } from "../dashboard/risk-card";
import { CaseMeetingsCard } from "../meetings/case-meetings-card";
import NotFoundPage from "../not-found-page";
import { PetitionPanel } from "../petitions/petition-panel";
import { CaseTasks } from "../tasks/case-tasks";
import { CallbackCard } from "./callback-card";
import { callbackClock } from "./callback-state";
import { CaseActions } from "./case-actions";
import { CaseAttachments } from "./case-attachments";
import { CaseTimeline } from "./case-timeline";
import { LadderSteps } from "./ladder-steps";
import { MediationPanel } from "./mediation/mediation-panel";
import { PartiesCard } from "./parties-card";

function CaseHeader({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  const { label } = useLabels();
  const now = useServerNow();
  const phone = useIsPhone();
  return (
    <Card size="small">
      <Space orientation="vertical" size={8} style={{ width: "100%" }}>
        <Space wrap align="center">
          {/* 一案一码: the code printed on every paper and SMS, so it is the page's headline. */}
          {/* h2: the page's h1 is in the top bar (one per page). */}
          <Typography.Title
            level={2}
            className="fq-case-code"
            style={{ margin: 0 }}
            copyable={{ text: c.code }}
            data-testid="case-code"
          >
            {c.code}
          </Typography.Title>
          <StatusTag status={c.status} />
          {c.channel === "qr" && (
            <Tag color="cyan" data-testid="channel-qr">
              {label("channel", c.channel)}
            </Tag>
          )}
          <StepLabel step={c.step} stepCount={c.stepCount} />
          <DeadlineCell c={c} now={now} />
          {c.highRisk && <Tag color="red">{t("field.highRisk")}</Tag>}
          {c.failedMediation && <Tag color="orange">{t("detail.failedMediation")}</Tag>}
          {c.outcome && <Tag color="green">{t(`outcome.${c.outcome}`)}</Tag>}
        </Space>
        <Typography.Text strong>{c.title}</Typography.Text>
        {/* On a phone the actions sit in a full-width bar pinned to the bottom, always in reach. One
            wrapper either way: a window resized across the breakpoint (a tablet turned) must not remount
            the actions and close a dialog someone is filling in. */}
        <div
          className={phone && c.allowedActions.length > 0 ? "fq-action-bar" : undefined}
          data-testid={phone && c.allowedActions.length > 0 ? "action-bar" : undefined}
        >
          <CaseActions c={c} />
        </div>
      </Space>
    </Card>
  );
}

function CaseInfo({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  const { label } = useLabels();
  return (
    <Card size="small" title={t("detail.info")}>
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2 }}
        items={[
          { key: "cat", label: t("field.category"), children: label("category", c.category) },
          {
            key: "svc",
            label: t("field.service"),
            children: c.services.map((x) => label("service", x)).join("、") || "—",
          },
          { key: "ch", label: t("field.channel"), children: label("channel", c.channel) },
          {
            key: "rg",
            label: t("field.region"),
            children: (
              <span data-testid="case-region">
                <RegionName code={c.regionCode} name={c.regionName} />{" "}
                {c.regionName && <span className="fq-secondary">{c.regionCode}</span>}
              </span>
            ),
          },
          { key: "cr", label: t("field.createdAt"), children: fmtTime(c.createdAt) },
          { key: "due", label: t("field.stepDueAt"), children: fmtTime(c.stepDueAt) },
          { key: "all", label: t("field.overallDueAt"), children: fmtTime(c.overallDueAt) },
          { key: "med", label: t("detail.mediationAttempts"), children: c.mediationAttempts },
          {
            key: "set",
            label: t("field.settledStep"),
            children: c.settledStep ? <span data-testid="settled-step">{c.settledStep}</span> : "—",
          },
          ...(c.mergedInto ? [{ key: "mg", label: t("detail.mergedInto"), children: c.mergedInto }] : []),
          {
            key: "desc",
            label: t("field.description"),
            span: 2,
            children: <span style={{ whiteSpace: "pre-wrap" }}>{c.description}</span>,
          },
        ]}
      />
    </Card>
  );
}

export default function CaseDetailPage() {
  const { t } = useTranslation();
  const { ref = "" } = useParams();
  const q = useQuery({
    queryKey: ["case", ref],
    queryFn: () => api<CaseDetail>(`/cases/${encodeURIComponent(ref)}`),
  });
  // "Not found" and "not yours" are one answer, so a typed-in URL reveals nothing.
  if (isApiError(q.error, "NOT_FOUND_OR_NO_ACCESS")) return <NotFoundPage />;
  const c = q.data;
  const callback = c && callbackClock(c);
  return (
    <QueryState isLoading={q.isLoading} error={q.error} onRetry={() => void q.refetch()}>
      {c && (
        <Space
          orientation="vertical"
          size={16}
          style={{ width: "100%" }}
          className="fq-case-detail"
          data-testid="case-detail"
        >
          <CaseHeader c={c} />
          {c.services.includes("petition") && <PetitionPanel caseRef={ref} />}
          {callback && <CallbackCard c={c} clock={callback} />}
          <RiskCard caseRef={c.code} />
          {c.calendarUnknownYears.length > 0 && (
            <Alert
              type="warning"
              showIcon
              title={t("detail.calendarUnknown", { years: c.calendarUnknownYears.join("、") })}
            />
          )}
          <Card size="small" title={t("detail.ladder")}>
            <LadderSteps c={c} />
          </Card>
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={14}>
              <Space orientation="vertical" size={16} style={{ width: "100%" }}>
                <CaseInfo c={c} />
                <CaseTasks c={c} />
                <CaseMeetingsCard c={c} />
                <CaseAttachments c={c} />
                <PartiesCard c={c} />
                <CaseCenterCard c={c} />
                {categoryFamily(c.category) === "dispute" && <MediationPanel code={c.code} />}
              </Space>
            </Col>
            <Col xs={24} xl={10}>
              <Card size="small" title={t("detail.timeline")}>
                <CaseTimeline events={c.timeline} policy={c.policy} />
              </Card>
            </Col>
          </Row>
        </Space>
      )}
    </QueryState>
  );
}
