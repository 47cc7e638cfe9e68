// `npm run bench`: prints figures and writes bench/results/*.json. Scripts, not tests.
import { mkdirSync, writeFileSync } from "node:fs";
import { benchCreate, benchEscalate, benchList } from "./core-bench";

const only = process.argv.slice(2);
const want = (name: string) => only.length === 0 || only.includes(name);
const results: Record<string, unknown> = { at: new Date().toISOString() };

if (want("create")) {
  results.create = await benchCreate();
  console.log("(1) create case: API vs raw SQL", results.create);
}
if (want("escalate")) {
  results.escalate = await benchEscalate();
  console.log("(2) escalate due cases: sweep vs raw UPDATE", results.escalate);
}
if (want("list")) {
  results.list = await benchList();
  console.log("(3) case list for a township user", results.list);
}
mkdirSync("bench/results", { recursive: true });
writeFileSync(`bench/results/core-${Date.now()}.json`, JSON.stringify(results, null, 2));
process.exit(0);
