#!/usr/bin/env node
// `npm test` after typecheck and lint: every vitest project (core, web, server, and the browser suites when
// Chromium is there), then one plain summary line that CI reads.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const requireBrowser = process.env.FENGQIAO_REQUIRE_BROWSER === "1";
const haveBrowser = existsSync(CHROMIUM);
const all = ["core", "web", "server"];
if (haveBrowser) all.push("e2e");
else if (requireBrowser) {
  console.error(`FENGQIAO_REQUIRE_BROWSER=1 but no Chromium at ${CHROMIUM}: the browser suites cannot run.`);
  process.exit(1);
}

// FENGQIAO_TEST_PROJECTS=server (a comma list) runs only those suites: CI's second pass on Debian's
// PostgreSQL repeats the suites that talk to the database and keeps CI under its time limit.
const only = process.env.FENGQIAO_TEST_PROJECTS?.split(",")
  .map((p) => p.trim())
  .filter(Boolean);
const projects = only ? all.filter((p) => only.includes(p)) : all;

if (projects.includes("e2e")) {
  // The browser suites drive the built front ends.
  const build = spawnSync("npm", ["run", "build", "--workspaces", "--if-present"], { stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

mkdirSync("test-results", { recursive: true });
rmSync("test-results/vitest.json", { force: true });
const args = ["vitest", "run", ...projects.flatMap((p) => ["--project", p])];
// FENGQIAO_NODES_SUITES=0 leaves out the many-node suites (replica, chaos): they start their own Debian
// PostgreSQL whatever TEST_DATABASE_URL says, so CI runs them once, in its pass on Debian's PostgreSQL.
if (process.env.FENGQIAO_NODES_SUITES === "0") {
  for (const f of ["nodes-replica", "nodes-chaos"]) args.push("--exclude", `apps/server/test/${f}.test.ts`);
}
args.push("--reporter=default", "--reporter=json", "--outputFile.json=test-results/vitest.json");
const run = spawnSync("npx", [...args, ...process.argv.slice(2)], { stdio: "inherit" });

let summary = null;
try {
  const r = JSON.parse(readFileSync("test-results/vitest.json", "utf8"));
  summary = {
    passed: r.numPassedTests,
    failed: r.numFailedTests,
    skipped: r.numPendingTests + r.numTodoTests,
  };
} catch {
  // No report: vitest itself failed to start; its exit code says so.
}
const db = process.env.TEST_DATABASE_URL ? "PostgreSQL at TEST_DATABASE_URL" : "embedded PostgreSQL";
console.log(`\nSuites: ${projects.join(", ")} on ${db}`);
if (!haveBrowser) {
  console.log(`Skipped the browser suites (e2e): no Chromium at ${CHROMIUM}.`);
  console.log("Enable them with: sudo apt-get install -y chromium fonts-wqy-microhei");
}
if (summary)
  console.log(`tests: ${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped`);
// The report decides too: a failed test must fail the run even if the runner's own exit code says 0.
const failed = run.status !== 0 || !summary || summary.failed > 0;
process.exit(failed ? run.status || 1 : 0);
