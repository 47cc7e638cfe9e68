import { FilePdfOutlined, UploadOutlined } from "@ant-design/icons";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Card, Image, Space, Typography, Upload } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import type { Attachment, CaseDetail } from "../../api/types";
import { QueryState } from "../../components/query-state";
import { ATTACHMENT_ACCEPT, attachmentProblem, attachmentUrl, uploadAttachment } from "../../lib/attachments";

const kb = (n: number) =>
  n < 1024 * 1024 ? `${Math.ceil(n / 1024)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;

function PdfLink({ code, a }: { code: string; a: Attachment }) {
  return (
    <Typography.Link
      href={attachmentUrl(code, a.id)}
      target="_blank"
      rel="noopener"
      data-testid="attachment-pdf"
    >
      <FilePdfOutlined /> {a.name ?? "PDF"}{" "}
      <Typography.Text type="secondary">({kb(a.bytes)})</Typography.Text>
    </Typography.Link>
  );
}

/** Uploads each picked file at once; the list and the timeline refresh after each one. */
function UploadButton({ code }: { code: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [pending, setPending] = useState(0);
  const send = async (file: File) => {
    const problem = attachmentProblem(file);
    if (problem) {
      void message.error(t(`newCase.${problem}`, { name: file.name }));
      return;
    }
    setPending((n) => n + 1);
    try {
      await uploadAttachment(code, file);
      void message.success(t("detail.uploaded", { name: file.name }));
      await qc.invalidateQueries({ queryKey: ["case", code] });
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setPending((n) => n - 1);
    }
  };
  return (
    <Upload
      accept={ATTACHMENT_ACCEPT}
      multiple
      showUploadList={false}
      beforeUpload={(file) => {
        void send(file);
        return false;
      }}
    >
      <Button size="small" icon={<UploadOutlined />} loading={pending > 0} data-testid="attachment-upload">
        {t("detail.upload")}
      </Button>
    </Upload>
  );
}

/** 附件: citizens' photos and staff uploads; images as thumbnails, PDFs as links. */
export function CaseAttachments({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: ["case", c.code, "attachments"],
    queryFn: () => api<{ items: Attachment[] }>(`/cases/${encodeURIComponent(c.code)}/attachments`),
  });
  const items = q.data?.items ?? [];
  const canUpload = c.allowedActions.includes("note");
  if (q.isSuccess && items.length === 0 && !canUpload) return null;
  const images = items.filter((a) => a.mime.startsWith("image/"));
  const pdfs = items.filter((a) => !a.mime.startsWith("image/"));
  return (
    <Card
      size="small"
      title={t("detail.attachments", { n: items.length })}
      extra={canUpload && <UploadButton code={c.code} />}
      data-testid="case-attachments"
      // No attachments yet: the title "附件（0）" and the upload button say it in one line, so the case's
      // page on a phone is not a stack of empty boxes.
      styles={q.isSuccess && items.length === 0 ? { body: { display: "none" } } : undefined}
    >
      <QueryState isLoading={q.isLoading} error={q.error} onRetry={() => void q.refetch()}>
        <Space orientation="vertical" size={8} style={{ width: "100%" }}>
          {images.length > 0 && (
            <Image.PreviewGroup>
              <Space wrap>
                {images.map((a) => (
                  <Image
                    key={a.id}
                    width={96}
                    height={96}
                    style={{ objectFit: "cover", borderRadius: 4 }}
                    src={attachmentUrl(c.code, a.id)}
                    alt={a.name ?? t("detail.photo")}
                    data-testid="attachment-image"
                  />
                ))}
              </Space>
            </Image.PreviewGroup>
          )}
          {pdfs.map((a) => (
            <PdfLink key={a.id} code={c.code} a={a} />
          ))}
        </Space>
      </QueryState>
    </Card>
  );
}
