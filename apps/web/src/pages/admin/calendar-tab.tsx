import { useQuery } from "@tanstack/react-query";
import {
  Alert,
  Button,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Table,
  Typography,
} from "antd";
import type { Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import type { CalendarDay, CalendarYear } from "../../api/types";
import { QueryState } from "../../components/query-state";
import { useApiAction } from "../../lib/use-api-action";

export function CalendarTab() {
  const { t } = useTranslation();
  const [year, setYear] = useState(() => new Date().getFullYear());
  const q = useQuery({
    queryKey: ["calendar", year],
    queryFn: () => api<CalendarYear>("/calendar", { params: { year } }),
  });
  const { run, busy } = useApiAction();
  const kindLabel = (k: string) => (k === "workday" ? t("admin.workday") : t("admin.holiday"));
  const columns = (removable: boolean) => [
    { title: t("admin.day"), dataIndex: "date" },
    { title: t("admin.dayKind"), dataIndex: "kind", render: kindLabel },
    { title: t("admin.name"), dataIndex: "name" },
    ...(removable
      ? [
          {
            title: t("common.actions"),
            key: "a",
            render: (_: unknown, d: CalendarDay) => (
              <Button
                size="small"
                danger
                loading={busy}
                onClick={() =>
                  void run(() => api(`/calendar/days/${d.date}`, { method: "DELETE" }), [["calendar"]])
                }
              >
                {t("common.delete")}
              </Button>
            ),
          },
        ]
      : []),
  ];
  const add = (v: { day: Dayjs; kind: string; name: string }) =>
    void run(
      () =>
        api("/calendar/days", {
          method: "POST",
          body: { day: v.day.format("YYYY-MM-DD"), kind: v.kind, name: v.name },
        }),
      [["calendar"]],
    );
  return (
    <Space orientation="vertical" style={{ width: "100%" }}>
      <Space>
        <Typography.Text>{t("admin.year")}</Typography.Text>
        <InputNumber
          value={year}
          min={2000}
          max={2100}
          onChange={(v) => v && setYear(v)}
          aria-label={t("admin.year")}
        />
      </Space>
      <QueryState isLoading={q.isLoading} error={q.error} onRetry={() => void q.refetch()}>
        {q.data && !q.data.known && <Alert type="warning" showIcon title={t("admin.unknownYear")} />}
        <Row gutter={16}>
          <Col xs={24} lg={12}>
            <Typography.Title level={5}>{t("admin.official")}</Typography.Title>
            <Table
              rowKey="date"
              size="small"
              dataSource={q.data?.official}
              columns={columns(false)}
              pagination={{ pageSize: 15, hideOnSinglePage: true }}
            />
          </Col>
          <Col xs={24} lg={12}>
            <Typography.Title level={5}>{t("admin.local")}</Typography.Title>
            <Form
              layout="inline"
              onFinish={add}
              style={{ marginBottom: 12, rowGap: 8 }}
              initialValues={{ kind: "holiday" }}
            >
              <Form.Item name="day" rules={[{ required: true }]}>
                <DatePicker aria-label={t("admin.day")} />
              </Form.Item>
              <Form.Item name="kind">
                <Select
                  aria-label={t("admin.dayKind")}
                  style={{ width: 100 }}
                  options={[
                    { value: "holiday", label: t("admin.holiday") },
                    { value: "workday", label: t("admin.workday") },
                  ]}
                />
              </Form.Item>
              <Form.Item name="name" rules={[{ required: true, whitespace: true }]}>
                <Input placeholder={t("admin.name")} aria-label={t("admin.name")} />
              </Form.Item>
              <Button htmlType="submit" loading={busy}>
                {t("common.create")}
              </Button>
            </Form>
            <Table
              rowKey="date"
              size="small"
              dataSource={q.data?.local}
              columns={columns(true)}
              pagination={false}
            />
          </Col>
        </Row>
      </QueryState>
    </Space>
  );
}
