import { DownloadOutlined, FilePdfOutlined, PrinterOutlined, UploadOutlined } from "@ant-design/icons";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { UploadFile } from "antd";
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  List,
  Progress,
  Space,
  Table,
  Typography,
  Upload,
} from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, apiUploadFiles, apiUrl } from "../../api/client";
import { useActor } from "../../api/session";
import { useIsPhone } from "../../layout/use-is-phone";
import { canDo } from "../../lib/access";
import NotFoundPage from "../not-found-page";

const SHEETS = ["regions", "units", "staff", "households", "places"] as const;
const RUNNING = ["reading", "validating", "writing"];

interface ImportErrorRow {
  sheet: string;
  row: number;
  column: string;
  code: string;
  zh: string;
  en: string;
}
type Tally = { created: number; updated: number };
interface Job {
  id: string;
  status: "reading" | "validating" | "writing" | "done" | "refused" | "failed";
  rowsTotal: number;
  rowsValidated: number;
  rowsWritten: number;
  errorCount: number;
  errors: ImportErrorRow[];
  counts: Record<string, Tally | number> | null;
  credentialsReady: boolean;
  message: string | null;
}

function percent(j: Job): number {
  if (j.status === "done") return 100;
  if (j.status === "reading") return 5;
  if (j.status === "validating") return 15;
  return 20 + Math.round((80 * j.rowsWritten) / Math.max(1, j.rowsTotal));
}

function Errors({ job }: { job: Job }) {
  const { t, i18n } = useTranslation();
  const phone = useIsPhone();
  const problem = (e: ImportErrorRow) => (i18n.language === "en" ? e.en : e.zh);
  const more = job.errorCount > job.errors.length;
  return (
    <>
      <Alert
        type="error"
        showIcon
        title={t("import.refused", { n: job.errorCount })}
        action={
          <Button
            href={apiUrl(`/import/jobs/${job.id}/errors.xlsx`)}
            icon={<DownloadOutlined />}
            data-testid="import-report"
          >
            {t("import.report")}
          </Button>
        }
        style={{ marginBottom: 12, flexWrap: "wrap", rowGap: 8 }}
      />
      {phone ? (
        <List
          size="small"
          dataSource={job.errors}
          data-testid="import-errors"
          renderItem={(e) => (
            <List.Item>
              <div>
                <Typography.Text strong>
                  {e.sheet} · {t("import.rowLabel", { row: e.row })} · {e.column}
                </Typography.Text>
                <div>{problem(e)}</div>
              </div>
            </List.Item>
          )}
        />
      ) : (
        <Table<ImportErrorRow>
          size="small"
          rowKey={(e) => `${e.sheet}|${e.row}|${e.column}|${e.code}`}
          dataSource={job.errors}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          data-testid="import-errors"
          columns={[
            { title: t("import.col.sheet"), dataIndex: "sheet", width: 140 },
            { title: t("import.col.row"), dataIndex: "row", width: 70 },
            { title: t("import.col.column"), dataIndex: "column", width: 140 },
            { title: t("import.col.problem"), render: (_, e) => problem(e) },
          ]}
        />
      )}
      {more && (
        <Typography.Text type="secondary">
          {t("import.moreErrors", { shown: job.errors.length })}
        </Typography.Text>
      )}
    </>
  );
}

function Counts({ job, onCredentials }: { job: Job; onCredentials: () => void }) {
  const { t } = useTranslation();
  const c = job.counts ?? {};
  const show = (v: Tally | number | undefined) =>
    typeof v === "number" ? v : v ? t("import.tally", { created: v.created, updated: v.updated }) : "—";
  return (
    <>
      <Alert type="success" showIcon title={t("import.status.done")} style={{ marginBottom: 12 }} />
      <Descriptions size="small" column={1} bordered data-testid="import-counts">
        {(["regions", "units", "staff", "households", "members", "buildings", "places"] as const).map((k) => (
          <Descriptions.Item key={k} label={t(`import.counts.${k}`)}>
            {show(c[k])}
          </Descriptions.Item>
        ))}
      </Descriptions>
      {job.credentialsReady && (
        <Space orientation="vertical" style={{ marginTop: 12 }}>
          <Button
            type="primary"
            icon={<DownloadOutlined />}
            href={apiUrl(`/import/jobs/${job.id}/credentials.xlsx`)}
            onClick={onCredentials}
            data-testid="import-credentials"
          >
            {t("import.credentials")}
          </Button>
          <Typography.Text type="secondary">{t("import.credentialsHint")}</Typography.Text>
        </Space>
      )}
    </>
  );
}

/** 批量导入: templates, upload, row-by-row report or counts, then every poster and card in one print. */
export default function ImportPage() {
  const { t } = useTranslation();
  const me = useActor();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [jobId, setJobId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const job = useQuery({
    queryKey: ["import-job", jobId],
    queryFn: () => api<Job>(`/import/jobs/${jobId}`),
    enabled: jobId !== null,
    refetchInterval: (q) => (q.state.data && !RUNNING.includes(q.state.data.status) ? false : 1000),
  });
  if (!canDo(me, "import.run")) return <NotFoundPage />;

  const start = async () => {
    setBusy(true);
    try {
      const raw = files.map((f) => f.originFileObj).filter((f): f is NonNullable<typeof f> => !!f);
      const j = await apiUploadFiles<Job>("/import", raw);
      qc.setQueryData(["import-job", j.id], j);
      setJobId(j.id);
      setFiles([]);
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const j = job.data;
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }} data-testid="import-page">
      <Card title={t("import.templates")} size="small">
        <Typography.Paragraph type="secondary">{t("import.templatesHint")}</Typography.Paragraph>
        <Space wrap>
          <Button
            icon={<DownloadOutlined />}
            href={apiUrl("/import/template.xlsx")}
            data-testid="import-template"
          >
            {t("import.templateAll")}
          </Button>
          {SHEETS.map((s) => (
            <Button key={s} type="link" href={apiUrl("/import/template.xlsx", { sheet: s })}>
              {t(`import.sheet.${s}`)}
            </Button>
          ))}
        </Space>
      </Card>
      <Card title={t("import.upload")} size="small">
        <Typography.Paragraph type="secondary">{t("import.uploadHint")}</Typography.Paragraph>
        <Space orientation="vertical" style={{ width: "100%" }}>
          <Upload
            multiple
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            fileList={files}
            beforeUpload={() => false}
            onChange={(info) => setFiles(info.fileList.slice(-10))}
          >
            <Button icon={<UploadOutlined />} data-testid="import-choose">
              {t("import.choose")}
            </Button>
          </Upload>
          <Button
            type="primary"
            disabled={files.length === 0}
            loading={busy}
            onClick={() => void start()}
            data-testid="import-start"
          >
            {t("import.start")}
          </Button>
        </Space>
        {j && (
          <div style={{ marginTop: 16 }} data-testid="import-job" data-status={j.status}>
            <Typography.Text strong>{t(`import.status.${j.status}`)}</Typography.Text>
            {RUNNING.includes(j.status) && (
              <>
                <Progress percent={percent(j)} status="active" />
                <Typography.Text type="secondary">
                  {t("import.progress", {
                    total: j.rowsTotal,
                    validated: j.rowsValidated,
                    written: j.rowsWritten,
                  })}
                </Typography.Text>
              </>
            )}
            {j.status === "refused" && <Errors job={j} />}
            {j.status === "done" && (
              <Counts job={j} onCredentials={() => setTimeout(() => void job.refetch(), 1500)} />
            )}
            {j.status === "failed" && (
              <Alert type="error" showIcon title={j.message ?? t("import.status.failed")} />
            )}
          </div>
        )}
      </Card>
      <Card title={t("import.print")} size="small">
        <Typography.Paragraph type="secondary">{t("import.printHint")}</Typography.Paragraph>
        <Space wrap>
          <Button
            icon={<PrinterOutlined />}
            href={apiUrl("/import/print.html")}
            target="_blank"
            rel="noopener"
          >
            {t("import.printHtml")}
          </Button>
          <Button icon={<FilePdfOutlined />} href={apiUrl("/import/print.pdf")} data-testid="import-pdf">
            {t("import.printPdf")}
          </Button>
        </Space>
      </Card>
    </Space>
  );
}
