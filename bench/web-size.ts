// Gzip size of what each console route downloads: the entry's static imports plus the route's chunk
// and its static imports (JS and CSS), read from Vite's manifest. Run after `npm run build -w @fengqiao/web`.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

interface ManifestChunk {
  file: string;
  imports?: string[];
  css?: string[];
  isEntry?: boolean;
}
type Manifest = Record<string, ManifestChunk>;

const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../apps/web/dist");
const ROUTES: Record<string, string> = {
  login: "src/pages/login-page.tsx",
  workbench: "src/pages/workbench-page.tsx",
  cases: "src/pages/cases/case-list-page.tsx",
  caseDetail: "src/pages/case-detail/case-detail-page.tsx",
  newCase: "src/pages/new-case/new-case-page.tsx",
  admin: "src/pages/admin/admin-page.tsx",
  dashboard: "src/pages/dashboard/dashboard-page.tsx",
};
// Every signed-in page also loads the shell (layout, menu, session guard).
const SHELL = "src/layout/shell.tsx";

function closure(m: Manifest, keys: string[]): Set<string> {
  const files = new Set<string>();
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    const c = m[key];
    if (!c) throw new Error(`not in manifest: ${key}`);
    files.add(c.file);
    for (const css of c.css ?? []) files.add(css);
    for (const i of c.imports ?? []) visit(i);
  };
  for (const k of keys) visit(k);
  return files;
}

const gz = (file: string) => gzipSync(readFileSync(path.join(DIST, file)), { level: 9 }).length;

export function routeSizes(): { route: string; files: number; gzipBytes: number }[] {
  const m: Manifest = JSON.parse(readFileSync(path.join(DIST, ".vite/manifest.json"), "utf8"));
  const entry = Object.keys(m).find((k) => m[k]?.isEntry);
  if (!entry) throw new Error("no entry in manifest");
  return Object.entries(ROUTES).map(([route, key]) => {
    const keys = route === "login" ? [entry, key] : [entry, SHELL, key];
    const files = closure(m, keys);
    return { route, files: files.size, gzipBytes: [...files].reduce((n, f) => n + gz(f), 0) };
  });
}

const LOGIN_TARGET_BYTES = 250 * 1024;

/** For bench/run.ts: every route's gzip size, the login route against its target, and the largest. */
export async function benchWebSize() {
  const rows = routeSizes();
  const login = rows.find((r) => r.route === "login");
  const largest = rows.reduce((a, b) => (b.gzipBytes > a.gzipBytes ? b : a));
  const kb = (n: number) => Math.round((n / 1024) * 10) / 10;
  return {
    routes: Object.fromEntries(rows.map((r) => [r.route, { gzipKB: kb(r.gzipBytes), files: r.files }])),
    login: {
      gzipKB: kb(login?.gzipBytes ?? 0),
      targetKB: 250,
      pass: (login?.gzipBytes ?? 0) <= LOGIN_TARGET_BYTES,
    },
    largest: { route: largest.route, gzipKB: kb(largest.gzipBytes) },
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const r = await benchWebSize();
  for (const [route, v] of Object.entries(r.routes)) {
    console.log(`${route.padEnd(12)} ${`${v.gzipKB.toFixed(1)} KB`.padStart(10)} gz  (${v.files} files)`);
  }
  console.log(
    `login route: ${r.login.gzipKB.toFixed(1)} KB gz (target ≤ 250 KB: ${r.login.pass ? "met" : "MISSED"}); ` +
      `largest: ${r.largest.route} ${r.largest.gzipKB.toFixed(1)} KB gz`,
  );
}
