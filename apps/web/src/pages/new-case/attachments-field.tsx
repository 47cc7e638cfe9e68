import { PaperClipOutlined } from "@ant-design/icons";
import { App, Button, Form, Upload, type UploadFile } from "antd";
import { useTranslation } from "react-i18next";
import {
  ATTACHMENT_ACCEPT,
  ATTACHMENT_MAX_FILES,
  attachmentProblem,
  uploadAttachment,
} from "../../lib/attachments";

/** Files are kept in the browser until the case exists, then uploaded one by one (see uploadPicked). */
export function AttachmentsField({
  files,
  onChange,
}: {
  files: UploadFile[];
  onChange: (files: UploadFile[]) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  return (
    <Form.Item
      label={t("newCase.attachments")}
      extra={t("newCase.attachmentsHint", { max: ATTACHMENT_MAX_FILES })}
    >
      <div data-testid="new-case-attachments">
        <Upload
          accept={ATTACHMENT_ACCEPT}
          multiple
          listType="picture"
          maxCount={ATTACHMENT_MAX_FILES}
          fileList={files}
          beforeUpload={(file) => {
            const problem = attachmentProblem(file);
            if (!problem) return false;
            void message.error(t(`newCase.${problem}`, { name: file.name }));
            return Upload.LIST_IGNORE;
          }}
          onChange={({ fileList }) => onChange(fileList.slice(0, ATTACHMENT_MAX_FILES))}
        >
          {files.length < ATTACHMENT_MAX_FILES && (
            <Button icon={<PaperClipOutlined />}>{t("newCase.pick")}</Button>
          )}
        </Upload>
      </div>
    </Form.Item>
  );
}

/** Uploads the picked files to the new case; returns how many failed (the case itself is saved). */
export async function uploadPicked(code: string, files: UploadFile[]): Promise<number> {
  let failed = 0;
  for (const f of files) {
    if (!f.originFileObj) continue;
    try {
      await uploadAttachment(code, f.originFileObj);
    } catch {
      failed += 1;
    }
  }
  return failed;
}
