// Gzip size of what 网格通 (/g/, issue 12) downloads on its first load: the JS and CSS its built
// index.html references (budget ≤ 150 KB gz). Shared by bench/field.ts and the gate in
// e2e/field-app.e2e.test.ts. The service worker, manifest and icons come after the first paint.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { referencedAssets } from "./citizen-size";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const FIELD_APP = path.join(ROOT, "apps/field");
export const FIELD_DIST = path.join(FIELD_APP, "dist");
export const FIELD_LIMIT_BYTES = 150 * 1024;

function newest(p: string): number {
  if (!existsSync(p)) return 0;
  const s = statSync(p);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(0, ...readdirSync(p).map((f) => newest(path.join(p, f))));
}

/** Builds apps/field when its dist is missing or older than its sources. */
export function ensureFieldBuilt() {
  const index = path.join(FIELD_DIST, "index.html");
  const sources = Math.max(
    newest(path.join(FIELD_APP, "src")),
    newest(path.join(FIELD_APP, "public")),
    newest(path.join(FIELD_APP, "index.html")),
  );
  if (existsSync(index) && statSync(index).mtimeMs > sources) return;
  // vitest sets NODE_ENV=test; the bundle is measured as built for production.
  execFileSync("npm", ["run", "build", "-w", "@fengqiao/field"], {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
}

export interface FieldSize {
  gzipBytes: number;
  rawBytes: number;
  files: { file: string; rawBytes: number; gzipBytes: number }[];
}

export function fieldGzipSize(dist = FIELD_DIST): FieldSize {
  ensureFieldBuilt();
  const files = referencedAssets(readFileSync(path.join(dist, "index.html"), "utf8"), "/g/").map((file) => {
    const buf = readFileSync(path.join(dist, file));
    return { file, rawBytes: buf.length, gzipBytes: gzipSync(buf, { level: 9 }).length };
  });
  if (!files.some((f) => f.file.endsWith(".js")))
    throw new Error(`no script referenced by ${dist}/index.html`);
  return {
    gzipBytes: files.reduce((n, f) => n + f.gzipBytes, 0),
    rawBytes: files.reduce((n, f) => n + f.rawBytes, 0),
    files,
  };
}
