import { PlusOutlined } from "@ant-design/icons";
import { CAMPAIGN_KINDS, percentDone } from "@fengqiao/core";
import { useQuery } from "@tanstack/react-query";
import { Button, Card, Form, Input, Modal, Progress, Radio, Select, Space, Tag } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { useActor } from "../../api/session";
import { QueryState } from "../../components/query-state";
import { canDo } from "../../lib/access";
import { fmtTime } from "../../lib/time";
import { useApiAction } from "../../lib/use-api-action";

interface CampaignDue {
  id: string;
  title: string;
  kind: string;
  dueAt: string;
  done: number;
  total: number;
  positive: number;
  status: "upcoming" | "active" | "ended";
  regionName: string;
}
interface ProgressView {
  total: number;
  done: number;
  positive: number;
  byRegion: { code: string; name: string; total: number; done: number; positive: number }[];
}

/** The township's view of one campaign: done and positive households per village (or grid). */
function ByRegion({ id }: { id: string }) {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: ["field", "progress", id],
    queryFn: () => api<ProgressView>(`/field/campaigns/${id}/progress`),
  });
  return (
    <QueryState isLoading={q.isLoading} error={q.error}>
      <div data-testid="campaign-by-region">
        <strong>{t("fieldWork.byRegion")}</strong>
        {(q.data?.byRegion ?? []).map((r) => (
          <div key={r.code} style={{ display: "flex", gap: 8, alignItems: "center", flexWrap: "wrap" }}>
            <span style={{ minWidth: 96 }}>{r.name}</span>
            <span>
              {r.done}/{r.total}
            </span>
            {r.positive > 0 && <Tag color="red">{`${t("fieldWork.positive")} ${r.positive}`}</Tag>}
            <Progress
              percent={percentDone(r.done, r.total)}
              size="small"
              style={{ flex: "1 1 120px", margin: 0 }}
            />
          </div>
        ))}
      </div>
    </QueryState>
  );
}

interface FormValues {
  title: string;
  kind: string;
  regionCode: string;
  startsAt: string;
  dueAt: string;
  target: "household" | "place";
  checklist: string;
}

/** 发起排查: dates as whole days in Beijing time; each checklist line becomes one item. */
function CreateCampaign({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const me = useActor();
  const { run, busy } = useApiAction();
  const [form] = Form.useForm<FormValues>();
  const en = i18n.language === "en";
  const submit = async (v: FormValues) => {
    const checklist = v.checklist
      .split("\n")
      .map((s) => s.trim())
      .filter(Boolean)
      .map((label, i) => ({ key: `q${i + 1}`, label }));
    const body = {
      title: v.title,
      kind: v.kind,
      regionCode: v.regionCode,
      startsAt: `${v.startsAt}T00:00:00+08:00`,
      dueAt: `${v.dueAt}T23:59:59+08:00`,
      target: v.target,
      checklist,
    };
    const ok = await run(() => api("/field/campaigns", { method: "POST", body }), [["field", "campaigns"]]);
    if (ok) {
      form.resetFields();
      onClose();
    }
  };
  return (
    <Modal
      open={open}
      title={t("fieldWork.create")}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
    >
      <Form<FormValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ kind: "marriage_family", target: "household", regionCode: me.regionCode }}
      >
        <Form.Item name="title" label={t("fieldWork.campaignTitle")} rules={[{ required: true, max: 100 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="kind" label={t("fieldWork.kind")}>
          <Select
            options={Object.entries(CAMPAIGN_KINDS).map(([k, v]) => ({ value: k, label: en ? v.en : v.zh }))}
          />
        </Form.Item>
        <Form.Item
          name="regionCode"
          label={t("fieldWork.region")}
          rules={[{ required: true, pattern: /^\d{6,15}$/ }]}
        >
          <Input inputMode="numeric" />
        </Form.Item>
        <Space wrap>
          <Form.Item name="startsAt" label={t("fieldWork.startsAt")} rules={[{ required: true }]}>
            <Input type="date" />
          </Form.Item>
          <Form.Item name="dueAt" label={t("fieldWork.dueAt")} rules={[{ required: true }]}>
            <Input type="date" />
          </Form.Item>
        </Space>
        <Form.Item name="target" label={t("fieldWork.target")}>
          <Radio.Group
            options={[
              { value: "household", label: t("fieldWork.targetHousehold") },
              { value: "place", label: t("fieldWork.targetPlace") },
            ]}
          />
        </Form.Item>
        <Form.Item name="checklist" label={t("fieldWork.checklist")} rules={[{ required: true }]}>
          <Input.TextArea rows={4} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 排查 campaigns in my jurisdiction with their progress; the township creates them here. */
export function CampaignsPanel() {
  const { t } = useTranslation();
  const me = useActor();
  const [creating, setCreating] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const q = useQuery({
    queryKey: ["field", "campaigns"],
    queryFn: () => api<{ items: CampaignDue[] }>("/field/campaigns"),
  });
  const items = q.data?.items ?? [];
  return (
    <Space orientation="vertical" size={12} style={{ width: "100%" }} data-testid="field-campaigns">
      {canDo(me, "campaign.create") && (
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setCreating(true)}
          data-testid="campaign-create"
        >
          {t("fieldWork.create")}
        </Button>
      )}
      <QueryState
        isLoading={q.isLoading}
        error={q.error}
        isEmpty={items.length === 0}
        onRetry={() => void q.refetch()}
      >
        {items.map((c) => (
          <Card
            key={c.id}
            size="small"
            title={c.title}
            extra={<Tag>{t(`fieldWork.status.${c.status}`)}</Tag>}
            onClick={() => setOpen(open === c.id ? null : c.id)}
            style={{ cursor: "pointer" }}
            data-testid="campaign-card"
          >
            <div className="fq-secondary">
              {c.regionName} · {t("fieldWork.due")} {fmtTime(c.dueAt)}
            </div>
            <div style={{ display: "flex", gap: 8, alignItems: "center" }}>
              <span>
                {t("fieldWork.progress")} {c.done}/{c.total}
              </span>
              {c.positive > 0 && <Tag color="red">{`${t("fieldWork.positive")} ${c.positive}`}</Tag>}
            </div>
            <Progress percent={percentDone(c.done, c.total)} />
            {open === c.id && <ByRegion id={c.id} />}
          </Card>
        ))}
      </QueryState>
      <CreateCampaign open={creating} onClose={() => setCreating(false)} />
    </Space>
  );
}
