import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import type { AppContext } from "../../context";
import { migrate } from "../../db/migrate";
import { photoStore } from "../uploads/photo-store";
import { BACKUP_FORMAT, type BackupManifest, describeFiles, serverInfo } from "./backup";
import { loadRows } from "./db-rows";
import { findPgTool, pgRun } from "./pg-tools";

// `fengqiao restore DIR`: nothing is touched until the whole folder checks out against its manifest
// (signature, every file's size and sha256, no file missing or added). Then the database's public
// schema is replaced by the backup's and the photos are put back into the configured store.

export class BackupRefused extends Error {
  constructor(readonly problems: string[]) {
    super(
      `backup refused: ${problems.slice(0, 5).join("; ")}${problems.length > 5 ? ` (+${problems.length - 5} more)` : ""}`,
    );
    this.name = "BackupRefused";
  }
}

const MIME: Record<string, string> = {
  ".jpg": "image/jpeg",
  ".png": "image/png",
  ".webp": "image/webp",
  ".pdf": "application/pdf",
};

export async function verifyBackup(ctx: AppContext, dir: string): Promise<BackupManifest> {
  const text = await readFile(path.join(dir, "manifest.json"), "utf8").catch(() => null);
  if (text === null) throw new BackupRefused([`${dir} has no manifest.json: not a fengqiao backup`]);
  const sig = (await readFile(path.join(dir, "manifest.sig"), "utf8").catch(() => "")).trim();
  if (sig !== ctx.pd.mac(text)) {
    throw new BackupRefused([
      "manifest.sig does not match manifest.json: the manifest was changed, or the backup was made with another lookup key",
    ]);
  }
  const manifest = JSON.parse(text) as BackupManifest;
  if (manifest.format !== BACKUP_FORMAT || manifest.version !== 1) {
    throw new BackupRefused([`unknown backup format ${manifest.format} v${manifest.version}`]);
  }
  const actual = new Map((await describeFiles(dir)).map((f) => [f.path, f]));
  const problems: string[] = [];
  for (const f of manifest.files) {
    const a = actual.get(f.path);
    if (!a) problems.push(`${f.path} is missing`);
    else if (a.bytes !== f.bytes || a.sha256 !== f.sha256)
      problems.push(`${f.path} does not match its checksum`);
    actual.delete(f.path);
  }
  for (const extra of actual.keys()) problems.push(`${extra} is not in the manifest`);
  if (problems.length > 0) throw new BackupRefused(problems);
  return manifest;
}

export interface RestoreOptions {
  /** Restore over a database that has cases (its data is lost). */
  replace?: boolean;
}

export async function restoreBackup(
  ctx: AppContext,
  databaseUrl: string,
  dir: string,
  o: RestoreOptions = {},
): Promise<BackupManifest> {
  const manifest = await verifyBackup(ctx, dir);
  const server = await serverInfo(databaseUrl);
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const has = await c.query("SELECT 1 FROM pg_tables WHERE schemaname = 'public' AND tablename = 'cases'");
    if (has.rowCount && !o.replace) {
      const n = await c.query<{ n: string }>("SELECT count(*)::text AS n FROM cases");
      if (Number(n.rows[0]?.n) > 0) {
        throw new BackupRefused([
          `the database already has ${n.rows[0]?.n} cases: restore into an empty database, or pass --replace`,
        ]);
      }
    }
    if (manifest.database.format === "rows") {
      const ours = (await migrationFiles()).join(",");
      if (ours !== manifest.schema.migrations.join(",")) {
        throw new BackupRefused([
          `the backup's schema is at ${manifest.schema.level}, this fengqiao's migrations differ: restore with the version that made it`,
        ]);
      }
    }
    // As initdb leaves it, so pg_restore recreates exactly what the dump holds.
    await c.query(
      "DROP SCHEMA public CASCADE; CREATE SCHEMA public AUTHORIZATION pg_database_owner; GRANT USAGE ON SCHEMA public TO PUBLIC",
    );
  } finally {
    await c.end();
  }
  if (manifest.database.format === "pg_dump-custom") {
    const tool = await findPgTool("pg_restore", server.major, ctx.config.pgBinDir);
    if (!tool)
      throw new Error(`no pg_restore ${server.major} on this machine: install it or set FENGQIAO_PG_BIN`);
    await pgRun(tool, [
      "--no-owner",
      "--no-privileges",
      "--exit-on-error",
      "--single-transaction",
      `--dbname=${databaseUrl}`,
      path.join(dir, manifest.database.file),
    ]);
  } else {
    await migrate(databaseUrl);
    await loadRows(databaseUrl, dir, manifest.database);
  }
  const store = photoStore(ctx.config);
  for (const f of manifest.files) {
    if (!f.path.startsWith("uploads/")) continue;
    const key = f.path.slice("uploads/".length);
    await store.put(
      key,
      await readFile(path.join(dir, f.path)),
      MIME[path.extname(key).toLowerCase()] ?? "application/octet-stream",
    );
  }
  return manifest;
}

async function migrationFiles(): Promise<string[]> {
  const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../migrations");
  return (await readdir(dir)).filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f)).sort();
}
