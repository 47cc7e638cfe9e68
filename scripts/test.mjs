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
// The many-node suites (replica, chaos) start their own PostgreSQL servers with pg_basebackup, which the
// embedded package lacks: Debian's postgresql-15 (or FENGQIAO_PG_BIN). Without those tools they are left
// out and the summary says how to enable them, as for Chromium; CI requires them
// (FENGQIAO_REQUIRE_PG_TOOLS=1). FENGQIAO_NODES_SUITES=0 leaves them out on purpose: they ignore
// TEST_DATABASE_URL, so CI runs them once, in its pass on Debian's PostgreSQL.
const pgBinDirs = [
  process.env.FENGQIAO_PG_BIN,
  "/usr/lib/postgresql/17/bin",
  "/usr/lib/postgresql/16/bin",
  "/usr/lib/postgresql/15/bin",
];
const havePgTools = pgBinDirs.some(
  (d) => d && existsSync(`${d}/pg_basebackup`) && existsSync(`${d}/postgres`),
);
const nodesWanted = projects.includes("server") && process.env.FENGQIAO_NODES_SUITES !== "0";
if (nodesWanted && !havePgTools && process.env.FENGQIAO_REQUIRE_PG_TOOLS === "1") {
  console.error("FENGQIAO_REQUIRE_PG_TOOLS=1 but no PostgreSQL server tools with pg_basebackup were found.");
  process.exit(1);
}
const skipNodes = process.env.FENGQIAO_NODES_SUITES === "0" || !havePgTools;
if (skipNodes) {
  for (const f of ["nodes-replica", "nodes-chaos"]) args.push("--exclude", `apps/server/test/${f}.test.ts`);
}
// Against TEST_DATABASE_URL (CI's second pass) leave out what would only repeat itself: suites that
// always start an embedded server of their own (the bench smoke run, the embedded server's life cycle),
// and the HTTP-surface sweeps (fuzzer, route matrix) whose answers do not depend on which PostgreSQL.
if (process.env.TEST_DATABASE_URL) {
  for (const f of ["bench-smoke", "embedded", "fuzz", "route-matrix"])
    args.push("--exclude", `apps/server/test/${f}.test.ts`);
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
    // A suite whose beforeAll failed fails no test (its tests count as skipped): count the suite.
    failedFiles: r.numFailedTestSuites,
    success: r.success,
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
if (nodesWanted && !havePgTools) {
  console.log(
    "Skipped the many-node suites (read replica, chaos): no PostgreSQL server tools with pg_basebackup.",
  );
  console.log("Enable them with: sudo apt-get install -y postgresql-15 (or set FENGQIAO_PG_BIN)");
}
if (summary)
  console.log(
    `tests: ${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped` +
      (summary.failedFiles > 0 ? `; ${summary.failedFiles} suite(s) failed` : ""),
  );
// The report decides too: a failed test or test file must fail the run even if the runner's own exit
// code says 0 (it did, for files whose beforeAll failed: 21 such files once passed as "0 failed").
const failed =
  run.status !== 0 || !summary || summary.failed > 0 || summary.failedFiles > 0 || summary.success === false;
process.exit(failed ? run.status || 1 : 0);
