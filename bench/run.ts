// `npm run bench [create|escalate|list|web|tti|citizen|tasks|dashboard|field|import]`: prints figures and writes bench/results/*.json.
// Scripts, not tests: nothing here asserts a time. Smaller runs (the test suite's smoke run):
// BENCH_SECONDS (create), BENCH_DUE (escalate), BENCH_CASES and BENCH_LIST_RUNS (list), BENCH_TASKS (tasks),
// BENCH_HOUSEHOLDS (import),
// BENCH_RESULTS_DIR (where results go), BENCH_PG_DIR (the embedded server's folder).
import { benchCitizen } from "./citizen";
import { benchCreate, benchEscalate, benchList } from "./core-bench";
import { benchDashboard } from "./dashboard-bench";
import { benchField } from "./field";
import { benchImport } from "./import-bench";
import { benchLoad } from "./load-bench";
import { writeResult } from "./results";
import { stopBenchServer } from "./setup";
import { benchTasks } from "./task-bench";
import { benchWebSize } from "./web-size";
import { benchWorkbenchTti } from "./web-tti";

const only = process.argv.slice(2);
const want = (name: string) => only.length === 0 || only.includes(name);
const results: Record<string, unknown> = {};

const steps: [string, string, () => Promise<unknown>][] = [
  ["create", "(1) create case: API vs raw SQL", benchCreate],
  ["escalate", "(2) escalate due cases: sweep vs raw UPDATE", () => benchEscalate()],
  ["list", "(3) case list for a township user", () => benchList()],
  ["web", "(4) console bundle sizes (gzip)", benchWebSize],
  ["tti", "(5) workbench time to interactive, 10,000 cases", benchWorkbenchTti],
  ["citizen", "(6) citizen report page: size and submit-ready on slow 3G", benchCitizen],
  ["tasks", "(7) 交办督办 sweep of due tasks vs raw UPDATE", () => benchTasks()],
  ["dashboard", "(8) leaders' dashboard over BENCH_CASES cases: rollup vs GROUP BY", () => benchDashboard()],
  ["field", "(9) 网格通 /g/: first load gz, cold login on slow 3G, sync after reconnect", benchField],
  ["import", "(10) county import: 80,000 households' workbooks in one transaction", () => benchImport()],
  ["load", "(11) mixed load on 2 processes over BENCH_LOAD_CASES cases: open loop and knee", benchLoad],
];
try {
  for (const [key, title, run] of steps) {
    if (!want(key)) continue;
    results[key] = await run();
    console.log(title, JSON.stringify(results[key], null, 2));
  }
} finally {
  await stopBenchServer();
}
writeResult("all", results);
process.exit(0);
