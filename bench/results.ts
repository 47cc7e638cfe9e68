import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const DIR = process.env.BENCH_RESULTS_DIR
  ? path.resolve(process.env.BENCH_RESULTS_DIR)
  : path.resolve(path.dirname(fileURLToPath(import.meta.url)), "results");

/** Writes bench/results/<name>-<timestamp>.json (not committed) and says where. */
export function writeResult(name: string, data: Record<string, unknown>): string {
  mkdirSync(DIR, { recursive: true });
  const file = path.join(DIR, `${name}-${Date.now()}.json`);
  writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), ...data }, null, 2));
  console.log(`written ${path.relative(process.cwd(), file)}`);
  return file;
}
