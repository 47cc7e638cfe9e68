import { apiUpload, apiUrl } from "../api/client";
import type { Attachment } from "../api/types";

/** What the server accepts (it checks the bytes again): images and PDF, one file per request. */
export const ATTACHMENT_ACCEPT = "image/jpeg,image/png,image/webp,application/pdf,.jpg,.jpeg,.png,.webp,.pdf";
export const ATTACHMENT_MAX_BYTES = 8 * 1024 * 1024;
export const ATTACHMENT_MAX_FILES = 5;

const TYPES = new Set(["image/jpeg", "image/png", "image/webp", "application/pdf"]);
const EXTENSIONS = /\.(jpe?g|png|webp|pdf)$/i;

/** The reason a picked file would be refused, checked before upload so the user hears at once. */
export function attachmentProblem(f: {
  name: string;
  type: string;
  size: number;
}): "badType" | "tooLarge" | null {
  if (!TYPES.has(f.type) && !EXTENSIONS.test(f.name)) return "badType";
  if (f.size > ATTACHMENT_MAX_BYTES) return "tooLarge";
  return null;
}

export const attachmentUrl = (code: string, id: string) =>
  apiUrl(`/cases/${encodeURIComponent(code)}/attachments/${id}`);

export const uploadAttachment = (code: string, file: File) =>
  apiUpload<Attachment>(`/cases/${encodeURIComponent(code)}/attachments`, file, file.name);
