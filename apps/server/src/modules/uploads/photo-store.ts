/**
 * Where uploaded photos are kept, chosen by configuration:
 *
 *   FENGQIAO_UPLOAD_STORE=local|s3      default local
 *   local: FENGQIAO_UPLOAD_DIR          default <FENGQIAO_DATA_DIR>/uploads
 *   s3:    FENGQIAO_S3_ENDPOINT         e.g. https://minio.example.gov.cn:9000 (required)
 *          FENGQIAO_S3_BUCKET           must exist already (required)
 *          FENGQIAO_S3_ACCESS_KEY_ID    (required)
 *          FENGQIAO_S3_SECRET_ACCESS_KEY (required)
 *          FENGQIAO_S3_REGION           default us-east-1 (what MinIO and most servers expect)
 *          FENGQIAO_S3_FORCE_PATH_STYLE 1 (default): endpoint/bucket/key; 0: bucket.endpoint/key,
 *                                       for services that only answer virtual-hosted requests
 *
 * Keys are the attachment's relative path (YYYY-MM/<id>.<ext>), the same on disk and in a bucket,
 * so the `attachments.path` column does not depend on the store.
 */
import { createHash } from "node:crypto";
import { mkdir, readFile, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { AwsClient } from "aws4fetch";
import type { Config, S3Config } from "../../config";

export interface StoredPhoto {
  body: Buffer;
  mime: string;
}

export interface PhotoStore {
  put(key: string, bytes: Buffer, mime: string): Promise<void>;
  /** null when there is no such object. */
  get(key: string): Promise<StoredPhoto | null>;
  /** Removes the object; no error when it is already gone. */
  delete(key: string): Promise<void>;
}

const MIME_BY_EXT: Record<string, string> = {
  ".jpg": "image/jpeg",
  ".png": "image/png",
  ".webp": "image/webp",
  ".pdf": "application/pdf",
};

/** Keys are made by the server, but a key that would leave the store's root is refused anyway. */
function checkKey(key: string): string {
  const parts = key.split(/[\\/]/);
  if (key.length === 0 || key.startsWith("/") || parts.some((p) => p === "" || p === "." || p === "..")) {
    throw new Error(`invalid storage key: ${JSON.stringify(key)}`);
  }
  return parts.join("/");
}

export function localStore(dir: string): PhotoStore {
  const file = (key: string) => path.join(dir, checkKey(key));
  return {
    async put(key, bytes) {
      await mkdir(path.dirname(file(key)), { recursive: true });
      await writeFile(file(key), bytes, { mode: 0o640 });
    },
    async get(key) {
      try {
        const body = await readFile(file(key));
        return { body, mime: MIME_BY_EXT[path.extname(key).toLowerCase()] ?? "application/octet-stream" };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw err;
      }
    },
    async delete(key) {
      await unlink(file(key)).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== "ENOENT") throw err;
      });
    },
  };
}

const S3_TIMEOUT_MS = 30_000;

/** Any S3-compatible server (MinIO, Ceph RGW, cloud object storage): SigV4-signed PUT/GET/DELETE. */
export function s3Store(o: S3Config): PhotoStore {
  const client = new AwsClient({
    accessKeyId: o.accessKeyId,
    secretAccessKey: o.secretAccessKey,
    service: "s3",
    region: o.region,
    retries: 2,
  });
  const base = new URL(o.endpoint);
  const url = (key: string) => {
    const k = checkKey(key).split("/").map(encodeURIComponent).join("/");
    const u = new URL(base);
    const prefix = u.pathname.replace(/\/+$/, "");
    if (o.forcePathStyle) {
      u.pathname = `${prefix}/${encodeURIComponent(o.bucket)}/${k}`;
    } else {
      u.hostname = `${o.bucket}.${u.hostname}`;
      u.pathname = `${prefix}/${k}`;
    }
    return u.toString();
  };
  const send = (key: string, init: RequestInit & { headers?: Record<string, string> }) =>
    client.fetch(url(key), { ...init, signal: AbortSignal.timeout(S3_TIMEOUT_MS) });
  const fail = async (op: string, key: string, res: Response) => {
    const text = await res.text().catch(() => "");
    const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1] ?? res.statusText;
    return new Error(`S3 ${op} ${o.bucket}/${key} failed: ${res.status} ${code}`);
  };
  return {
    async put(key, bytes, mime) {
      const res = await send(key, {
        method: "PUT",
        body: new Uint8Array(bytes),
        headers: {
          "content-type": mime,
          // A signed payload hash: the server refuses bytes that changed on the way.
          "x-amz-content-sha256": createHash("sha256").update(bytes).digest("hex"),
        },
      });
      if (!res.ok) throw await fail("PUT", key, res);
      await res.arrayBuffer();
    },
    async get(key) {
      const res = await send(key, { method: "GET" });
      if (res.status === 404) {
        await res.arrayBuffer();
        return null;
      }
      if (!res.ok) throw await fail("GET", key, res);
      const body = Buffer.from(await res.arrayBuffer());
      return { body, mime: res.headers.get("content-type") ?? "application/octet-stream" };
    },
    async delete(key) {
      const res = await send(key, { method: "DELETE" });
      if (!res.ok && res.status !== 404) throw await fail("DELETE", key, res);
      await res.arrayBuffer();
    },
  };
}

// One store per configuration object: the S3 client keeps its signing-key cache between requests.
const stores = new WeakMap<Config, PhotoStore>();

/** The store that `config` names (FENGQIAO_UPLOAD_STORE). */
export function photoStore(config: Config): PhotoStore {
  let store = stores.get(config);
  if (!store) {
    if (config.uploadStore === "s3" && !config.s3) throw new Error("uploadStore is s3 but no S3 settings");
    store = config.s3 && config.uploadStore === "s3" ? s3Store(config.s3) : localStore(config.uploadDir);
    stores.set(config, store);
  }
  return store;
}
