import { sql } from "kysely";
import { pinyin } from "pinyin-pro";
import type { Db } from "../../db/database";
import { atOrBelow } from "../../db/subtree";
import type { SessionUser } from "../../plugins/auth";

/** "梁家墩村" → "ljdc liangjiaduncun": what `q=ljd` or `q=liangjia` matches. */
export function regionPinyin(name: string): string {
  const syllables = pinyin(name, { toneType: "none", type: "array" }).map((s) => s.toLowerCase());
  const initials = syllables.map((s) => s.charAt(0)).join("");
  return `${initials} ${syllables.join("")}`.replace(/[^a-z0-9 ]/g, "");
}

/**
 * Pinyin needs a dictionary the database does not have, so migration 0006 leaves the column empty for
 * rows that existed before it (and a bulk import may too). Start-up fills them once, in one statement;
 * creating and renaming a region write it as they go, so searching never has to.
 */
export async function fillMissingPinyin(db: Db): Promise<number> {
  const rows = await db.selectFrom("regions").select(["code", "name"]).where("pinyin", "is", null).execute();
  if (!rows.length) return 0;
  const codes = rows.map((r) => r.code);
  const values = rows.map((r) => regionPinyin(r.name));
  await sql`UPDATE regions r SET pinyin = v.p FROM unnest(${codes}::text[], ${values}::text[]) AS v(c, p)
    WHERE r.code = v.c`.execute(db);
  return rows.length;
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Regions of the actor's subtree whose name contains `q`, or whose pinyin (initials or full) does;
 * exact and prefix name matches first, then the higher levels. Each comes with the names of its path
 * below the actor's own region (镇 › 村 › 网格), so two 第一网格 can be told apart.
 */
export async function searchRegions(db: Db, actor: SessionUser, q: string) {
  const name = `%${likeEscape(q)}%`;
  const latin = q.toLowerCase().replace(/[^a-z0-9]/g, "");
  const depth = actor.regionPath.split(".").length;
  return db
    .selectFrom("regions as r")
    .select(["r.code", "r.parent_code", "r.level", "r.name", "r.path"])
    .select(
      sql<
        string[]
      >`ARRAY(SELECT a.name FROM unnest(string_to_array(r.path, '.')) WITH ORDINALITY AS p(code, i)
        JOIN regions a ON a.code = p.code COLLATE "default"
        WHERE p.i > ${depth} ORDER BY p.i)`.as("path_names"),
    )
    .where(atOrBelow("r.path", actor.regionPath))
    .where((eb) => {
      const parts = [eb("r.name", "like", name)];
      if (latin.length >= 2 && latin === q.toLowerCase()) parts.push(eb("r.pinyin", "like", `%${latin}%`));
      return eb.or(parts);
    })
    .orderBy(sql`CASE WHEN r.name = ${q} THEN 0 WHEN r.name LIKE ${`${likeEscape(q)}%`} THEN 1
      WHEN r.pinyin LIKE ${`${latin}%`} THEN 2 ELSE 3 END`)
    .orderBy(sql`array_length(string_to_array(r.path, '.'), 1)`)
    .orderBy("r.code")
    .limit(50)
    .execute();
}
