import type { AppContext } from "../../context";
import { rotateKeys, sealedVersions } from "./key-rotation";

/** `fengqiao keys rotate|status|lookup-key`. */
export async function keysCommand(ctx: AppContext, sub: string, args: string[]): Promise<number> {
  if (sub === "lookup-key") {
    // The one secret that must outlive every rotation; printed for the operator to keep.
    console.log(ctx.config.keyring.lookupKey.toString("hex"));
    return 0;
  }
  if (sub === "status") {
    const v = await sealedVersions(ctx.db);
    console.log(`current key v${ctx.pd.currentVersion}`);
    for (const [target, versions] of Object.entries(v)) {
      const words = Object.entries(versions).map(([k, n]) => `${k}: ${n}`);
      console.log(`  ${target.padEnd(36)} ${words.join(", ") || "—"}`);
    }
    const stale = Object.values(v).some((x) => Object.keys(x).some((k) => k !== `v${ctx.pd.currentVersion}`));
    return stale ? 1 : 0;
  }
  const batch = Number(/^--batch=(\d+)$/.exec(args[0] ?? "")?.[1] ?? 500);
  const started = Date.now();
  const r = await rotateKeys(ctx.db, ctx.pd, { batchSize: batch });
  const total = Object.values(r.resealed).reduce((s, n) => s + n, 0);
  for (const [target, n] of Object.entries(r.resealed)) if (n > 0) console.log(`  ${target}: ${n} re-sealed`);
  console.log(
    `${total} values re-sealed with key v${r.version} in ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
      "every sealed column is current: the old keys may now be removed from FENGQIAO_OLD_SECRET_KEYS",
  );
  return 0;
}
