import { AppError } from "@fengqiao/core";
import type { FastifyRequest } from "fastify";
import { cleanImage, EXT, type ImageMime, sniffImage } from "../uploads/image";
import { MAX_UPLOAD_BYTES } from "../uploads/uploads.routes";

export type AttachmentMime = ImageMime | "application/pdf";

export const ATTACHMENT_MAX_BYTES = MAX_UPLOAD_BYTES;

const badType = () =>
  new AppError("INVALID_INPUT", {
    zh: "只能上传 JPG、PNG、WebP 图片或 PDF 文件",
    en: "Only JPEG, PNG or WebP images and PDF files are accepted",
  });
const tooLarge = () =>
  new AppError("PAYLOAD_TOO_LARGE", { zh: "文件不能超过 8 MB", en: "The file must be at most 8 MB" });

export interface IncomingFile {
  bytes: Buffer;
  /** The name the user's computer gave the file; shown to staff, never used as a path. */
  name: string | null;
}

/** The one file of a multipart request; size and shape errors answered in both languages. */
export async function readOneFile(req: FastifyRequest): Promise<IncomingFile> {
  if (!req.isMultipart()) throw badType();
  let file: Awaited<ReturnType<typeof req.file>>;
  try {
    file = await req.file();
  } catch (err) {
    throw multipartError(err);
  }
  if (!file) throw new AppError("INVALID_INPUT", { zh: "请选择一个文件", en: "No file in the request" });
  try {
    return { bytes: await file.toBuffer(), name: displayName(file.filename) };
  } catch (err) {
    throw multipartError(err);
  }
}

function multipartError(err: unknown): AppError {
  const code = (err as { code?: string }).code ?? "";
  if (code === "FST_REQ_FILE_TOO_LARGE" || code === "FST_ERR_CTP_BODY_TOO_LARGE") return tooLarge();
  return new AppError("INVALID_INPUT", { zh: "上传内容有误，请重新选择文件", en: "Malformed upload" });
}

/** The last path segment, without control characters, at most 120 characters; null when nothing is left. */
export function displayName(raw: string | undefined): string | null {
  const base = (raw ?? "").split(/[\\/]/).pop() ?? "";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed.
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, "").trim();
  return clean ? clean.slice(0, 120) : null;
}

const isPdf = (b: Buffer) => b.length >= 5 && b.toString("latin1", 0, 5) === "%PDF-";

/**
 * The stored form of an upload, typed from its first bytes: images re-encoded without metadata by
 * the uploads module's cleanImage; PDFs kept byte for byte. Anything else is refused.
 */
export async function prepareFile(raw: Buffer): Promise<{ mime: AttachmentMime; data: Buffer; ext: string }> {
  if (isPdf(raw)) return { mime: "application/pdf", data: raw, ext: "pdf" };
  const mime = sniffImage(raw);
  if (!mime) throw badType();
  const data = await cleanImage(raw, mime).catch(() => {
    throw badType();
  });
  return { mime, data, ext: EXT[mime] };
}

/** The storage key, the same layout as citizen uploads (YYYY-MM/<id>.<ext>), for disk or bucket alike. */
export const storageKey = (id: string, ext: string, now: Date) =>
  `${now.toISOString().slice(0, 7)}/${id}.${ext}`;
