#!/usr/bin/env node
// Before `fengqiao start`: build a front end only when its sources are newer than its dist,
// so the first start builds and later starts are instant.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

function newest(p) {
  if (!existsSync(p)) return 0;
  const s = statSync(p);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(0, ...readdirSync(p).map((f) => newest(path.join(p, f))));
}

for (const app of ["apps/web", "apps/citizen", "apps/field"]) {
  const pkg = path.join(app, "package.json");
  if (!existsSync(pkg) || !JSON.parse(readFileSync(pkg, "utf8")).scripts?.build) continue;
  if (!existsSync(path.join(app, "index.html"))) continue;
  const built = existsSync(path.join(app, "dist/index.html"))
    ? statSync(path.join(app, "dist/index.html")).mtimeMs
    : 0;
  const sources = Math.max(
    newest(path.join(app, "src")),
    newest(path.join(app, "index.html")),
    newest(path.join(app, "vite.config.ts")),
    newest(path.join(app, "public")),
    newest("packages/core/src"),
  );
  if (built >= sources) continue;
  console.log(`building ${app} …`);
  const r = spawnSync("npm", ["run", "build", "--silent", "-w", app], { stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
