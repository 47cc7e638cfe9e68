import { useQuery } from "@tanstack/react-query";
import { Button, Card, Form, Input, List, Modal, Select, Space, Switch } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { useActor } from "../../api/session";
import type { CaseDetail, Unit } from "../../api/types";
import { canDo } from "../../lib/access";
import { useServerNow } from "../../lib/time";
import { useApiAction } from "../../lib/use-api-action";
import { centerKeys, type Referral, type Summons, type UnitCard } from "./center-api";
import { ReferralList } from "./referral-list";
import { SummonsRow } from "./today-panel";

// In case detail: the case's 随叫随驻 summonses and 三调对接 referrals, with their dialogs.

const DOCKING_KINDS = ["court", "police_station", "petition_office"];
type Dialog = null | "summon" | "refer";

export function CaseCenterCard({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  const me = useActor();
  const now = useServerNow();
  const { run, busy } = useApiAction();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [form] = Form.useForm();
  const township = c.regionCode.slice(0, 9);
  const summons = useQuery({
    queryKey: centerKeys.caseSummons(c.id),
    queryFn: () => api<{ items: Summons[] }>(`/cases/${c.id}/summons`),
  });
  const referrals = useQuery({
    queryKey: centerKeys.caseReferrals(c.id),
    queryFn: () => api<{ items: Referral[] }>(`/cases/${c.id}/referrals`),
  });
  const stations = useQuery({
    queryKey: ["center", "stations", township],
    queryFn: () => api<{ items: UnitCard[] }>("/centers/stations", { params: { center: township } }),
    enabled: dialog === "summon",
  });
  const units = useQuery({
    queryKey: ["units"],
    queryFn: () => api<{ items: Unit[] }>("/units"),
    enabled: dialog === "refer",
  });
  const keys = [["center"], ["case", c.code]];
  const canSummon = canDo(me, "summons.issue");
  const canRefer =
    canDo(me, "referral.send") && ["submitted", "accepted", "mediating", "paused"].includes(c.status);

  const submit = async (v: Record<string, unknown>) => {
    let r: unknown;
    if (dialog === "summon") {
      const body = { ...v, appearBy: new Date(String(v.appearBy)).toISOString() };
      r = await run(() => api(`/cases/${c.id}/summons`, { method: "POST", body }), keys);
    } else if (dialog === "refer") {
      r = await run(() => api(`/cases/${c.id}/referrals`, { method: "POST", body: v }), keys);
    }
    if (r !== undefined) {
      setDialog(null);
      form.resetFields();
    }
  };
  const ackSummons = (s: Summons) =>
    run(() => api(`/summons/${s.id}/acknowledge`, { method: "POST", body: {} }), keys);

  const onCall = (stations.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }));
  const targets = (units.data?.items ?? [])
    .filter((u) => DOCKING_KINDS.includes(u.kind))
    .map((u) => ({ value: u.id, label: u.name }));
  const purposes = ["pre_litigation", "fast_track", "mediation", "handling"].map((p) => ({
    value: p,
    label: t(`center.purposes.${p}`),
  }));
  const empty = !summons.data?.items.length && !referrals.data?.items.length;
  if (empty && !canSummon && !canRefer) return null;

  return (
    <Card
      size="small"
      title={t("center.referrals")}
      data-testid="case-center-card"
      // Nothing summoned or referred yet: the header and its buttons only, not two empty lists.
      styles={empty ? { body: { display: "none" } } : undefined}
      extra={
        <Space wrap>
          {canSummon && (
            <Button size="small" onClick={() => setDialog("summon")} data-testid="open-summon">
              {t("center.summon")}
            </Button>
          )}
          {canRefer && (
            <Button size="small" onClick={() => setDialog("refer")} data-testid="open-refer">
              {t("center.referOut")}
            </Button>
          )}
        </Space>
      }
    >
      <List
        size="small"
        dataSource={summons.data?.items ?? []}
        renderItem={(s) => (
          <SummonsRow
            s={s}
            now={now}
            canAct={canSummon}
            extra={
              me.unitId === s.unitId &&
              s.status !== "acknowledged" &&
              s.status !== "appeared" && (
                <Button size="small" type="primary" loading={busy} onClick={() => ackSummons(s)}>
                  {t("center.acknowledge")}
                </Button>
              )
            }
          />
        )}
      />
      <ReferralList items={referrals.data?.items ?? []} caseCode={c.code} refresh={keys} />
      <Modal
        open={dialog !== null}
        title={dialog === "summon" ? t("center.summon") : t("center.referOut")}
        onCancel={() => setDialog(null)}
        onOk={() => form.submit()}
        confirmLoading={busy}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} preserve={false}>
          {dialog === "summon" && (
            <>
              <Form.Item name="unitId" label={t("center.unit")} rules={[{ required: true }]}>
                <Select options={onCall} loading={stations.isLoading} />
              </Form.Item>
              <Form.Item name="reason" label={t("center.reason")} rules={[{ required: true }]}>
                <Input.TextArea rows={2} />
              </Form.Item>
              <Form.Item name="place" label={t("center.place")} rules={[{ required: true }]}>
                <Input />
              </Form.Item>
              <Form.Item name="appearBy" label={t("center.appearBy")} rules={[{ required: true }]}>
                <Input type="datetime-local" />
              </Form.Item>
            </>
          )}
          {dialog === "refer" && (
            <>
              <Form.Item name="toUnitId" label={t("center.toUnit")} rules={[{ required: true }]}>
                <Select options={targets} loading={units.isLoading} />
              </Form.Item>
              <Form.Item name="purpose" label={t("center.purpose")} rules={[{ required: true }]}>
                <Select options={purposes} />
              </Form.Item>
              <Form.Item name="reason" label={t("center.reason")} rules={[{ required: true }]}>
                <Input.TextArea rows={2} />
              </Form.Item>
              <Form.Item
                name="handOver"
                label={t("center.handOver")}
                valuePropName="checked"
                initialValue={false}
              >
                <Switch />
              </Form.Item>
            </>
          )}
        </Form>
      </Modal>
    </Card>
  );
}
