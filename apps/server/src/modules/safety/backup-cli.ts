import path from "node:path";
import { parseArgs } from "node:util";
import type { Runtime } from "../../bootstrap";
import { verifyAuditChain } from "../audit/audit";
import { makeBackup } from "./backup";
import { BackupRefused, restoreBackup } from "./restore";

/** `fengqiao backup [--out DIR]`: prints the new folder; exit 0. */
export async function backupCommand(rt: Runtime, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { out: { type: "string" } } });
  const out = values.out ?? path.join(rt.ctx.config.dataDir, "backups");
  const { dir, manifest } = await makeBackup(rt.ctx, rt.databaseUrl, out);
  console.log(
    `backup written to ${dir}: ${manifest.counts.cases} cases, ${manifest.counts.case_events} events, ` +
      `${manifest.uploads.files} photos, database as ${manifest.database.format}, ${manifest.files.length} files checksummed`,
  );
  return 0;
}

/** `fengqiao restore DIR [--replace]`: exit 1 when the backup is refused or the restored chain is broken. */
export async function restoreCommand(rt: Runtime, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { replace: { type: "boolean" } },
  });
  const dir = positionals[0];
  if (!dir) {
    console.error("usage: fengqiao restore DIR [--replace]");
    return 2;
  }
  try {
    const m = await restoreBackup(rt.ctx, rt.databaseUrl, path.resolve(dir), {
      replace: values.replace ?? false,
    });
    const audit = await verifyAuditChain(rt.ctx.db);
    console.log(`restored ${m.counts.cases} cases and ${m.uploads.files} photos from ${m.created_at}`);
    if (!audit.ok) {
      console.error(`audit chain BROKEN after restore at case ${audit.firstBroken?.caseCode}`);
      return 1;
    }
    console.log(
      `audit chain intact: ${audit.casesChecked} cases, ${audit.tasksChecked} tasks, ${audit.eventsChecked} events`,
    );
    return 0;
  } catch (err) {
    if (!(err instanceof BackupRefused)) throw err;
    console.error(err.message);
    return 1;
  }
}
