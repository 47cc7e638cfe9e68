import { type TLawReportInput, TRAINING_KINDS, type TTrainingInput } from "@fengqiao/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  App,
  Button,
  DatePicker,
  Drawer,
  Form,
  Input,
  InputNumber,
  List,
  Popconfirm,
  Select,
  Typography,
} from "antd";
import type { Dayjs } from "dayjs";
import dayjs from "dayjs";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";

interface Training extends TTrainingInput {
  id: string;
}
interface LawReport extends TLawReportInput {
  year: number;
}

/**
 * 教学练战 and 述学述评述督 of one unit, opened from its scorecard row: the period's trainings (add,
 * delete a mistaken one) and the annual report of the period's last year.
 */
export function UnitRecordsDrawer(props: {
  unit: { id: string; name: string } | null;
  from: string;
  to: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const { unit, from, to } = props;
  const year = Number(to.slice(0, 4));
  const trainings = useQuery({
    queryKey: ["unit-trainings", unit?.id, from, to],
    queryFn: () => api<{ items: Training[] }>(`/units/${unit?.id}/trainings`, { params: { from, to } }),
    enabled: unit !== null,
  });
  const reports = useQuery({
    queryKey: ["unit-law-reports", unit?.id],
    queryFn: () => api<{ items: LawReport[] }>(`/units/${unit?.id}/law-reports`),
    enabled: unit !== null,
  });
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ["unit-trainings", unit?.id] });
    void qc.invalidateQueries({ queryKey: ["unit-law-reports", unit?.id] });
    void qc.invalidateQueries({ queryKey: ["scorecards"] });
  };
  const [trainingForm] = Form.useForm<Omit<TTrainingInput, "heldOn"> & { heldOn: Dayjs }>();
  const [reportForm] = Form.useForm<Omit<TLawReportInput, "presentedOn"> & { presentedOn: Dayjs }>();
  const add = useMutation({
    mutationFn: (v: TTrainingInput) => api(`/units/${unit?.id}/trainings`, { method: "POST", body: v }),
    onSuccess: () => {
      trainingForm.resetFields();
      void message.success(t("tasks.rec.saved"));
      refresh();
    },
    onError: (e) => void message.error(e instanceof Error ? e.message : String(e)),
  });
  const remove = useMutation({
    mutationFn: (id: string) => api(`/units/${unit?.id}/trainings/${id}`, { method: "DELETE" }),
    onSuccess: refresh,
  });
  const save = useMutation({
    mutationFn: (v: TLawReportInput) =>
      api(`/units/${unit?.id}/law-reports/${year}`, { method: "PUT", body: v }),
    onSuccess: () => {
      void message.success(t("tasks.rec.saved"));
      refresh();
    },
    onError: (e) => void message.error(e instanceof Error ? e.message : String(e)),
  });
  const report = reports.data?.items.find((r) => r.year === year);
  useEffect(() => {
    reportForm.resetFields();
    if (report) reportForm.setFieldsValue({ ...report, presentedOn: dayjs(report.presentedOn) });
  }, [report, reportForm]);
  const kindName = (k: string) => t(`tasks.rec.kinds.${k}`);
  return (
    <Drawer
      open={unit !== null}
      onClose={props.onClose}
      size="large"
      title={t("tasks.rec.title", { unit: unit?.name ?? "" })}
      destroyOnHidden
      styles={{ wrapper: { maxWidth: "100vw" } }}
    >
      <Typography.Title level={5}>{t("tasks.rec.trainings")}</Typography.Title>
      <List
        data-testid="unit-trainings"
        size="small"
        loading={trainings.isLoading}
        locale={{ emptyText: t("tasks.rec.none") }}
        dataSource={trainings.data?.items ?? []}
        renderItem={(r) => (
          <List.Item
            actions={[
              <Popconfirm key="rm" title={t("tasks.rec.remove")} onConfirm={() => remove.mutate(r.id)}>
                <Button size="small" type="link" danger>
                  {t("tasks.rec.remove")}
                </Button>
              </Popconfirm>,
            ]}
          >
            <List.Item.Meta
              title={`${r.heldOn} · ${kindName(r.kind)} · ${r.topic}`}
              description={`${r.hours} h × ${r.attendees}${r.leader ? ` · ${r.leader}` : ""}`}
            />
          </List.Item>
        )}
      />
      <Form
        form={trainingForm}
        layout="vertical"
        style={{ marginTop: 12 }}
        initialValues={{ kind: "learn", hours: 2, attendees: 10 }}
        onFinish={(v) => add.mutate({ ...v, heldOn: v.heldOn.format("YYYY-MM-DD") })}
      >
        <Form.Item name="heldOn" label={t("tasks.rec.heldOn")} rules={[{ required: true }]}>
          <DatePicker style={{ width: "100%" }} />
        </Form.Item>
        <Form.Item name="kind" label={t("tasks.rec.kind")} rules={[{ required: true }]}>
          <Select options={TRAINING_KINDS.map((k) => ({ value: k.code, label: kindName(k.code) }))} />
        </Form.Item>
        <Form.Item name="topic" label={t("tasks.rec.topic")} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="hours" label={t("tasks.rec.hours")} rules={[{ required: true }]}>
          <InputNumber min={0.5} max={200} step={0.5} style={{ width: "100%" }} />
        </Form.Item>
        <Form.Item name="attendees" label={t("tasks.rec.attendees")} rules={[{ required: true }]}>
          <InputNumber min={1} max={10000} style={{ width: "100%" }} />
        </Form.Item>
        <Form.Item name="leader" label={t("tasks.rec.leader")}>
          <Input maxLength={100} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={add.isPending} data-testid="training-add">
          {t("tasks.rec.add")}
        </Button>
      </Form>

      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {t("tasks.rec.report", { year })}
      </Typography.Title>
      <Form
        form={reportForm}
        layout="vertical"
        onFinish={(v) => save.mutate({ ...v, presentedOn: v.presentedOn.format("YYYY-MM-DD") })}
      >
        <Form.Item
          name="title"
          label={t("tasks.rec.reportTitle")}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="presentedOn" label={t("tasks.rec.presentedOn")} rules={[{ required: true }]}>
          <DatePicker style={{ width: "100%" }} />
        </Form.Item>
        {(["study", "review", "supervision"] as const).map((k) => (
          <Form.Item
            key={k}
            name={k}
            label={t(`tasks.rec.${k}`)}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={5000} />
          </Form.Item>
        ))}
        <Form.Item name="assessment" label={t("tasks.rec.assessment")}>
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={2000} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="law-report-save">
          {t("tasks.rec.save")}
        </Button>
      </Form>
    </Drawer>
  );
}
