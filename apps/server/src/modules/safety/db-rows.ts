import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import pg from "pg";

// The database as rows, for servers this machine has no matching pg_dump for (the embedded
// PostgreSQL ships only the server): every table of `public` as one JSON line per row, read in one
// REPEATABLE READ snapshot, and loaded back into a database migrated to the same level. Triggers
// (append-only audit, rollup deltas) are off while loading, as pg_restore does.

export interface RowsDump {
  tables: { name: string; file: string; rows: number }[];
  sequences: { name: string; value: string | null }[];
}

const quote = (id: string) => `"${id.replace(/"/g, '""')}"`;

async function publicTables(c: pg.Client): Promise<string[]> {
  const r = await c.query<{ t: string }>(
    "SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
  );
  return r.rows.map((x) => x.t);
}

/** Writes `<dir>/<table>.jsonl` for every table; the files are relative to `dir`'s parent. */
export async function dumpRows(url: string, dir: string, rel: string): Promise<RowsDump> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const out: RowsDump = { tables: [], sequences: [] };
    for (const t of await publicTables(c)) {
      const file = path.join(dir, `${t}.jsonl`);
      const w = createWriteStream(file);
      await c.query(
        `DECLARE rows_cur NO SCROLL CURSOR FOR SELECT row_to_json(x)::text AS j FROM ${quote(t)} x`,
      );
      let rows = 0;
      for (;;) {
        const r = await c.query<{ j: string }>("FETCH 2000 FROM rows_cur");
        if (r.rows.length === 0) break;
        rows += r.rows.length;
        if (!w.write(`${r.rows.map((x) => x.j).join("\n")}\n`)) await once(w, "drain");
      }
      await c.query("CLOSE rows_cur");
      w.end();
      await once(w, "finish");
      out.tables.push({ name: t, file: `${rel}/${t}.jsonl`, rows });
    }
    const seq = await c.query<{ name: string; value: string | null }>(
      "SELECT sequencename AS name, last_value::text AS value FROM pg_sequences WHERE schemaname = 'public'",
    );
    out.sequences = seq.rows;
    await c.query("COMMIT");
    return out;
  } finally {
    await c.end();
  }
}

/** Loads a rows dump into a database already migrated to the dump's level (its seed rows replaced). */
export async function loadRows(url: string, root: string, dump: RowsDump): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query("BEGIN");
    await c.query("SET LOCAL session_replication_role = replica");
    const tables = await publicTables(c);
    if (tables.length > 0) await c.query(`TRUNCATE ${tables.map(quote).join(", ")} CASCADE`);
    for (const t of dump.tables) {
      if (!tables.includes(t.name))
        throw new Error(`the backup has table ${t.name}, which this database lacks`);
      const cols = await c.query<{ n: string }>(
        `SELECT attname AS n FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0
           AND NOT attisdropped AND attgenerated = '' ORDER BY attnum`,
        [quote(t.name)],
      );
      const list = cols.rows.map((x) => quote(x.n)).join(", ");
      const insert = `INSERT INTO ${quote(t.name)} (${list}) OVERRIDING SYSTEM VALUE
        SELECT ${list} FROM json_populate_recordset(null::${quote(t.name)}, $1::json)`;
      let batch: string[] = [];
      const flush = async () => {
        if (batch.length > 0) await c.query(insert, [`[${batch.join(",")}]`]);
        batch = [];
      };
      const lines = createInterface({
        input: createReadStream(path.join(root, t.file)),
        crlfDelay: Number.POSITIVE_INFINITY,
      });
      for await (const line of lines) {
        if (line === "") continue;
        batch.push(line);
        if (batch.length >= 1000) await flush();
      }
      await flush();
    }
    for (const s of dump.sequences) {
      if (s.value !== null)
        await c.query("SELECT setval($1::regclass, $2::bigint)", [quote(s.name), s.value]);
    }
    await c.query("COMMIT");
  } catch (err) {
    await c.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    await c.end();
  }
}
