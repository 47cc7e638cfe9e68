import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, "../../..");
const results = mkdtempSync(path.join(os.tmpdir(), "fq-bench-"));
afterAll(() => rmSync(results, { recursive: true, force: true }));

// `npm run bench` with tiny sizes, so the benchmarks cannot rot between full runs. It checks that
// they run and write their results, not how fast anything is. Left out: `tti` and `citizen` (a
// browser, the demo county and 10,000 cases: minutes, and the e2e suite drives the same harness);
// `web` reads the console's build and joins when it exists (npm test builds it with the browser suites).
const benches = ["create", "escalate", "list", "tasks", "import"];
if (existsSync(path.join(ROOT, "apps/web/dist/.vite/manifest.json"))) benches.push("web");

describe("npm run bench (smoke)", () => {
  it(`runs ${benches.join(", ")} in one process and writes results`, { timeout: 180_000 }, async () => {
    const r = await run(process.execPath, ["--import", "tsx", "bench/run.ts", ...benches], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: "", // the embedded server, as `npm run bench` uses by default
        BENCH_SECONDS: "1",
        BENCH_DUE: "200",
        BENCH_TASKS: "200",
        BENCH_HOUSEHOLDS: "200",
        BENCH_CASES: "2000",
        BENCH_LIST_RUNS: "5",
        BENCH_RESULTS_DIR: results,
      },
      maxBuffer: 16 * 1024 * 1024,
    }).catch((e: { code: number; stdout: string; stderr: string }) => {
      throw new Error(`bench exited ${e.code}:\n${e.stderr.slice(-4000)}`);
    });
    expect(r.stdout).toContain("written");
    const files = readdirSync(results).filter((f) => /^all-\d+\.json$/.test(f));
    expect(files).toHaveLength(1);
    const data = JSON.parse(readFileSync(path.join(results, files[0] as string), "utf8"));
    for (const b of benches) expect(data[b], b).toBeDefined();
    expect(data.create.apiErrors).toBe(0);
    expect(data.escalate.oneProcess.escalated).toBe(200);
    expect(data.escalate.twoProcesses.escalated).toBe(200);
    expect(data.tasks.yellow).toBe(200);
    expect(data.import.counts.households).toEqual({ created: 200, updated: 0 });
    expect(data.import.rerunCounts.households).toEqual({ created: 0, updated: 200 });
  });
});
