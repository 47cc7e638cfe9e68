import { type TPolicy, ZPolicy } from "@fengqiao/core";
import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Card, Input, Space, Steps, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { QueryState } from "../../components/query-state";
import { useApiAction } from "../../lib/use-api-action";

type StoredPolicy = TPolicy & { updatedAt?: string };

/** One ladder as data: a step bar to read, a JSON editor checked by core's ZPolicy before saving. */
function PolicyEditor({ policy }: { policy: StoredPolicy }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === "en";
  const { updatedAt: _updatedAt, ...definition } = policy;
  const [text, setText] = useState(() => JSON.stringify(definition, null, 2));
  const [issues, setIssues] = useState<string[]>([]);
  const { run, busy } = useApiAction();
  const save = () => {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      setIssues([t("admin.invalidJson")]);
      return;
    }
    const parsed = ZPolicy.safeParse(json);
    if (!parsed.success) {
      setIssues(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
      return;
    }
    setIssues([]);
    void run(
      () => api(`/policies/${encodeURIComponent(policy.key)}`, { method: "PUT", body: parsed.data }),
      [["policies"]],
    );
  };
  return (
    <Card
      size="small"
      title={`${en ? policy.name.en : policy.name.zh} · ${policy.key}`}
      style={{ marginBottom: 16 }}
    >
      <Steps
        size="small"
        items={policy.steps.map((s) => ({ title: en ? s.name.en : s.name.zh, content: s.limit }))}
        style={{ marginBottom: 12 }}
      />
      <Typography.Text type="secondary">{t("admin.policyJson")}</Typography.Text>
      <Input.TextArea
        value={text}
        onChange={(e) => setText(e.target.value)}
        autoSize={{ minRows: 6, maxRows: 24 }}
        style={{ fontFamily: "monospace" }}
        aria-label={t("admin.policyJson")}
      />
      {issues.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 8 }}
          title={
            <ul style={{ margin: 0 }}>
              {issues.map((i) => (
                <li key={i}>{i}</li>
              ))}
            </ul>
          }
        />
      )}
      <Space style={{ marginTop: 8 }}>
        <Button type="primary" onClick={save} loading={busy}>
          {t("common.save")}
        </Button>
      </Space>
    </Card>
  );
}

export function PoliciesTab() {
  const q = useQuery({ queryKey: ["policies"], queryFn: () => api<{ items: StoredPolicy[] }>("/policies") });
  return (
    <QueryState
      isLoading={q.isLoading}
      error={q.error}
      isEmpty={!q.data?.items.length}
      onRetry={() => void q.refetch()}
    >
      {q.data?.items.map((p) => (
        <PolicyEditor key={`${p.key}-${p.updatedAt ?? ""}`} policy={p} />
      ))}
    </QueryState>
  );
}
