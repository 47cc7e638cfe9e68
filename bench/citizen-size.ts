// Gzip size of what the citizen report page (/m/p/:token) downloads: the JS and CSS that the built
// apps/citizen/dist/index.html references. Shared by bench/citizen.ts and the CI gate in
// e2e/citizen-size.e2e.test.ts, so both report the same figure.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const CITIZEN_DIST = path.join(ROOT, "apps/citizen/dist");
/** Vite's `base` for the citizen pages: asset URLs in index.html start with it. */
const BASE = "/m/";

export const CITIZEN_TARGET_BYTES = 50 * 1024;
export const CITIZEN_LIMIT_BYTES = 100 * 1024;

/** Builds apps/citizen when its dist has no index.html. */
export function ensureCitizenBuilt(dist = CITIZEN_DIST) {
  if (existsSync(path.join(dist, "index.html"))) return;
  // vitest sets NODE_ENV=test; the bundle is measured as built for production.
  execFileSync("npm", ["run", "build", "-w", "@fengqiao/citizen"], {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
}

/** The JS and CSS files index.html loads (scripts, stylesheets, module preloads), relative to dist. */
export function referencedAssets(html: string, base = BASE): string[] {
  const files = new Set<string>();
  for (const tag of html.match(/<(script|link)\b[^>]*>/gi) ?? []) {
    const isScript = /^<script/i.test(tag);
    const rel = /\brel=["']?([^"'\s>]+)/i.exec(tag)?.[1]?.toLowerCase();
    if (!isScript && rel !== "stylesheet" && rel !== "modulepreload") continue;
    const url = /\b(?:src|href)=["']?([^"'\s>]+)/i.exec(tag)?.[1];
    if (!url || /^(?:[a-z]+:)?\/\//i.test(url)) continue;
    const file = url.startsWith(base) ? url.slice(base.length) : url.replace(/^\.?\//, "");
    if (/\.(?:m?js|css)(?:[?#].*)?$/i.test(file)) files.add(file.replace(/[?#].*$/, ""));
  }
  return [...files];
}

export interface CitizenSize {
  /** Sum over the referenced JS and CSS, each gzipped at level 9. */
  gzipBytes: number;
  rawBytes: number;
  files: { file: string; rawBytes: number; gzipBytes: number }[];
}

function measure(dist: string): CitizenSize {
  const files = referencedAssets(readFileSync(path.join(dist, "index.html"), "utf8")).map((file) => {
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

/**
 * The report page's JS+CSS gzip bytes. Builds first when dist is missing. Another process may be
 * rebuilding dist at the same moment (the citizen e2e rebuilds it; Vite empties the directory first),
 * so a missing file is retried for a while before it counts as an error.
 */
export async function citizenGzipSize(dist = CITIZEN_DIST): Promise<CitizenSize> {
  ensureCitizenBuilt(dist);
  for (let attempt = 0; ; attempt++) {
    try {
      return measure(dist);
    } catch (err) {
      const missing = err instanceof Error && "code" in err && err.code === "ENOENT";
      if (!missing || attempt >= 40) throw err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

export const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;
