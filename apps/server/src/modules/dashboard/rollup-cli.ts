import type { Db } from "../../db/database";
import { foldAll, rebuildRollup } from "./rollup";

/** `fengqiao rollup rebuild|check`: exit 0 when the rollup matched `cases`, 1 when it did not. */
export async function rollupCommand(db: Db, apply: boolean): Promise<number> {
  const started = Date.now();
  const folded = await foldAll(db);
  const r = await rebuildRollup(db, apply);
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`folded ${folded} pending deltas; ${r.rows} rollup rows recomputed from cases in ${secs} s`);
  if (r.differences === 0) {
    console.log("rollup matches cases: no difference");
    return 0;
  }
  console.error(`${r.differences} rollup rows differed from cases${apply ? " (replaced)" : ""}:`);
  for (const d of r.sample) console.error(`  ${d.key}  ${d.measure}: rollup ${d.rollup}, cases ${d.cases}`);
  return 1;
}
