import { Alert, Button, Card, Form, Input, InputNumber, List, Select, Space, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { QueryState } from "../../components/query-state";
import { useLabels } from "../../lib/labels";
import { useApiAction } from "../../lib/use-api-action";
import { centerKeys, type Ticket, useQueue } from "./center-api";

// 取号 and 叫号: the clerk prints a number for the visitor, and each window calls the next one.

const opt = (s: string | undefined) => (s?.trim() ? s.trim() : undefined);

export function QueuePanel({ center, onServe }: { center: string; onServe: (t: Ticket) => void }) {
  const { t } = useTranslation();
  const { options, label } = useLabels();
  const queue = useQueue(center);
  const { run, busy } = useApiAction();
  const [taken, setTaken] = useState<(Ticket & { waitingAhead: number }) | null>(null);
  const [windowNo, setWindowNo] = useState(1);
  const [windowServices, setWindowServices] = useState<string[]>([]);
  const [form] = Form.useForm();
  const keys = [centerKeys.queue(center)];

  const take = async (v: { service: string; visitorName?: string; phone?: string; idNumber?: string }) => {
    const body = {
      center,
      service: v.service,
      visitorName: opt(v.visitorName),
      phone: opt(v.phone),
      idNumber: opt(v.idNumber),
    };
    const r = await run(
      () => api<Ticket & { waitingAhead: number }>("/window/tickets", { method: "POST", body }),
      keys,
    );
    if (r) {
      setTaken(r);
      form.resetFields(["visitorName", "phone", "idNumber"]);
    }
  };
  const callNext = async () => {
    const body = { center, window: windowNo, services: windowServices };
    const r = await run(
      () => api<{ ticket: Ticket | null }>("/window/call-next", { method: "POST", body }),
      keys,
    );
    if (r && !r.ticket) setTaken(null);
  };
  const finish = (id: string, status: "served" | "no_show") =>
    run(() => api(`/window/tickets/${id}/finish`, { method: "POST", body: { status } }), keys);

  const mine = queue.data?.called.filter((x) => x.window === windowNo) ?? [];
  return (
    <Space orientation="vertical" style={{ width: "100%" }} size="middle">
      <Card size="small" title={t("center.takeTicket")}>
        <Form form={form} layout="vertical" onFinish={take} initialValues={{ service: "mediation" }}>
          <Form.Item name="service" label={t("center.service")} rules={[{ required: true }]}>
            <Select options={options("service")} />
          </Form.Item>
          <Form.Item name="visitorName" label={t("center.visitorName")}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="phone" label={t("center.phone")}>
            <Input inputMode="tel" maxLength={20} />
          </Form.Item>
          <Form.Item name="idNumber" label={t("center.idNumber")}>
            <Input maxLength={18} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="take-ticket">
            {t("center.takeTicket")}
          </Button>
        </Form>
        {taken && (
          <Alert
            style={{ marginTop: 12 }}
            type="success"
            data-testid="ticket-taken"
            title={t("center.ticketTaken", { label: taken.label, n: taken.waitingAhead })}
          />
        )}
      </Card>
      <Card size="small" title={t("center.callNext")}>
        <Space wrap>
          <span>{t("center.windowNo")}</span>
          <InputNumber
            aria-label={t("center.windowNo")}
            min={1}
            max={99}
            value={windowNo}
            onChange={(v) => setWindowNo(v ?? 1)}
          />
          <Select
            aria-label={t("center.service")}
            mode="multiple"
            allowClear
            style={{ minWidth: 200 }}
            placeholder={t("center.service")}
            options={options("service")}
            value={windowServices}
            onChange={setWindowServices}
          />
          <Button type="primary" onClick={callNext} loading={busy} data-testid="call-next">
            {t("center.callNext")}
          </Button>
        </Space>
        {mine.map((x) => (
          <Space key={x.id} wrap style={{ marginTop: 12 }}>
            <Typography.Text strong style={{ fontSize: 20 }} data-testid="serving">
              {x.label}
            </Typography.Text>
            <Tag>{label("service", x.service)}</Tag>
            {x.visitorName && <span>{x.visitorName}</span>}
            {x.phone && <span>{x.phone}</span>}
            <Button size="small" type="primary" onClick={() => onServe(x)}>
              {t("center.intake")}
            </Button>
            <Button size="small" onClick={() => finish(x.id, "served")}>
              {t("center.served")}
            </Button>
            <Button size="small" danger onClick={() => finish(x.id, "no_show")}>
              {t("center.noShow")}
            </Button>
          </Space>
        ))}
      </Card>
      <Card size="small" title={`${t("center.waiting")} (${queue.data?.waiting.length ?? 0})`}>
        <QueryState isLoading={queue.isLoading} error={queue.error} isEmpty={!queue.data?.waiting.length}>
          <List
            size="small"
            dataSource={queue.data?.waiting ?? []}
            renderItem={(x) => (
              <List.Item>
                <Space wrap>
                  <Typography.Text strong>{x.label}</Typography.Text>
                  <Tag>{label("service", x.service)}</Tag>
                  {x.visitorName}
                </Space>
              </List.Item>
            )}
          />
        </QueryState>
      </Card>
    </Space>
  );
}
