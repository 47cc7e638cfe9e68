import { randomInt } from "node:crypto";
import { AppError, type ImportPlan, REGION_LEVELS } from "@fengqiao/core";
import { hash } from "@node-rs/argon2";
import { sql } from "kysely";
import type { Tx } from "../../db/database";
import { atOrBelow } from "../../db/subtree";
import { maskName, type PersonalData } from "../../lib/personal-data";
import { sealMember } from "../field/households.repository";
import { newPlaceToken } from "../places/places.repository";
import { regionPinyin } from "../regions/regions.search";

export interface Tally {
  created: number;
  updated: number;
}
export interface ImportCounts {
  regions: Tally;
  units: Tally;
  staff: Tally;
  households: Tally;
  members: number;
  buildings: number;
  places: Tally;
}
export interface Credential {
  username: string;
  displayName: string;
  password: string;
}

const BATCH = 2000;
// Letters and digits nobody misreads on paper (no 0/O, 1/l/I).
const ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
export const initialPassword = () =>
  Array.from({ length: 12 }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");

// An initial password is one-time: random (12 characters of 55, ~69 bits), shown once to the
// administrator, and useless after its owner's first sign-in, where the API refuses everything until
// it is changed (users.must_change_password, migration 0018) and the chosen one is hashed at full
// cost. Its hash therefore needs no deliberate slowness against offline guessing — 2^69 guesses are
// out of reach even at a microsecond each — and a light argon2id (4 MiB, one pass) costs ~1 ms instead
// of ~15 ms: 1,500 new staff hashed in about 2 s rather than 20+.
export const INITIAL_PASSWORD_HASH = { memoryCost: 4096, timeCost: 1, parallelism: 1 } as const;

/** Initial passwords for the accounts the file creates, hashed before the transaction opens. */
export async function newAccounts(plan: ImportPlan, existing: ReadonlySet<string>) {
  const fresh = plan.staff.filter((s) => !existing.has(s.username));
  const credentials: Credential[] = fresh.map((s) => ({
    username: s.username,
    displayName: s.displayName,
    password: initialPassword(),
  }));
  // All at once: @node-rs/argon2 hashes on libuv's thread pool, so every core is busy.
  const hs = await Promise.all(credentials.map((c) => hash(c.password, INITIAL_PASSWORD_HASH)));
  const hashes = new Map(credentials.map((c, i) => [c.username, hs[i] as string]));
  return { credentials, hashes };
}

const tally = (rows: { inserted: boolean }[]): Tally => {
  const created = rows.filter((r) => r.inserted).length;
  return { created, updated: rows.length - created };
};

async function upsert<T>(tx: Tx, rows: T[], statement: (json: string) => ReturnType<typeof sql>) {
  const out: { inserted: boolean; id: string; code: string }[] = [];
  for (let i = 0; i < rows.length; i += BATCH) {
    const r = await statement(JSON.stringify(rows.slice(i, i + BATCH))).execute(tx);
    out.push(...(r.rows as typeof out));
  }
  return out;
}

/**
 * Writes a validated plan inside the caller's transaction, upserting by each sheet's key: regions
 * by code (name, pinyin, households), units and places by their code (a place keeps its QR token,
 * so posters already up keep working), users by username (password untouched; a new one must change
 * its initial password at first sign-in), households by
 * 户编号 with their members replaced.
 */
export async function writePlan(o: {
  tx: Tx;
  pd: PersonalData;
  plan: ImportPlan;
  hashes: ReadonlyMap<string, string>;
  actorId: string | null;
  /** The importer's subtree (null: the command line, the whole tree). */
  scopePath: string | null;
  now: Date;
  progress: (written: number) => void;
}): Promise<ImportCounts> {
  const { tx, plan, pd, now } = o;
  await refuseForeignRecords(tx, plan, o.scopePath);
  let written = 0;
  const step = (n: number) => {
    written += n;
    o.progress(written);
  };

  const regionRows: { inserted: boolean }[] = [];
  for (const level of REGION_LEVELS) {
    const rows = plan.regions
      .filter((r) => r.level === level)
      .map((r) => ({ ...r, pinyin: regionPinyin(r.name) }));
    if (rows.length === 0) continue;
    regionRows.push(
      ...(await upsert(
        tx,
        rows,
        (j) => sql`INSERT INTO regions (code, parent_code, level, name, path, households, pinyin)
          SELECT code, "parentCode", level, name, path, households, pinyin
          FROM jsonb_to_recordset(${j}::jsonb) AS x(code text, "parentCode" text, level text, name text, path text, households int, pinyin text)
          ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, pinyin = EXCLUDED.pinyin,
            households = COALESCE(EXCLUDED.households, regions.households)
          RETURNING code, code AS id, (xmax = 0) AS inserted`,
      )),
    );
    step(rows.length);
  }

  const units = await upsert(
    tx,
    plan.units,
    (j) => sql`INSERT INTO units (code, name, kind, region_code, stationing)
      SELECT code, name, kind, "regionCode", stationing
      FROM jsonb_to_recordset(${j}::jsonb) AS x(code text, name text, kind text, "regionCode" text, stationing text)
      ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind,
        region_code = EXCLUDED.region_code, stationing = EXCLUDED.stationing
      RETURNING code, id, (xmax = 0) AS inserted`,
  );
  step(units.length);

  const staff = await upsert(
    tx,
    plan.staff.map((s) => ({ ...s, passwordHash: o.hashes.get(s.username) ?? "!" })),
    (
      j,
    ) => sql`INSERT INTO users (username, display_name, password_hash, must_change_password, roles, region_code, unit_id, work_phone, work_title)
      SELECT x.username, x."displayName", x."passwordHash", true, x.roles, x."regionCode", u.id, x.phone, x.title
      FROM jsonb_to_recordset(${j}::jsonb) AS x(username text, "displayName" text, "passwordHash" text,
        roles text[], "regionCode" text, "unitCode" text, phone text, title text)
      LEFT JOIN units u ON u.code = x."unitCode"
      ON CONFLICT (username) DO UPDATE SET display_name = EXCLUDED.display_name, roles = EXCLUDED.roles,
        region_code = EXCLUDED.region_code, unit_id = EXCLUDED.unit_id,
        work_phone = COALESCE(EXCLUDED.work_phone, users.work_phone),
        work_title = COALESCE(EXCLUDED.work_title, users.work_title)
      RETURNING username AS code, id, (xmax = 0) AS inserted`,
  );
  step(staff.length);

  const { households, members, buildings } = await writeHouseholds(tx, pd, plan, o.actorId, now, step);

  const places = await upsert(
    tx,
    plan.places.map((p) => ({ ...p, token: newPlaceToken() })),
    (j) => sql`INSERT INTO places (code, name, kind, region_code, households, token, created_at)
      SELECT code, name, kind, "gridCode", households, token, ${now}::timestamptz
      FROM jsonb_to_recordset(${j}::jsonb) AS x(code text, name text, kind text, "gridCode" text, households int, token text)
      ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind,
        region_code = EXCLUDED.region_code, households = EXCLUDED.households
      RETURNING code, id, (xmax = 0) AS inserted`,
  );
  step(places.length);

  return {
    regions: tally(regionRows),
    units: tally(units),
    staff: tally(staff),
    households,
    members,
    buildings,
    places: tally(places),
  };
}

/**
 * 户编号 and 点位编号 are unique across the whole database: a township's file must not take over (move,
 * rewrite, replace the members of) a household or QR place another jurisdiction already keeps.
 */
async function refuseForeignRecords(tx: Tx, plan: ImportPlan, scopePath: string | null) {
  if (scopePath === null) return;
  const households = plan.households.map((h) => h.code);
  const places = plan.places.map((p) => p.code);
  const foreign = await sql<{ code: string }>`
    SELECT h.code FROM households h JOIN regions g ON g.code = h.grid_code
    WHERE h.code = ANY(${households}::text[]) AND NOT ${atOrBelow("g.path", scopePath)}
    UNION ALL
    SELECT p.code FROM places p JOIN regions g ON g.code = p.region_code
    WHERE p.code = ANY(${places}::text[]) AND NOT ${atOrBelow("g.path", scopePath)}`.execute(tx);
  if (foreign.rows.length === 0) return;
  const codes = foreign.rows.map((r) => r.code).join("、");
  throw new AppError("FORBIDDEN", {
    zh: `编号已被其他辖区使用，不能由本次导入改写：${codes}`,
    en: `These codes belong to records of another jurisdiction and cannot be rewritten by this import: ${codes}`,
  });
}

async function writeHouseholds(
  tx: Tx,
  pd: PersonalData,
  plan: ImportPlan,
  actorId: string | null,
  now: Date,
  step: (n: number) => void,
) {
  // 楼栋/院落 by (grid, name): created once, found again on a re-run.
  const pairs = new Map<string, { grid: string; name: string }>();
  for (const h of plan.households)
    if (h.building) pairs.set(`${h.gridCode}|${h.building}`, { grid: h.gridCode, name: h.building });
  const buildingIds = new Map<string, string>();
  let buildings = 0;
  const list = [...pairs.values()];
  for (let i = 0; i < list.length; i += BATCH) {
    const j = JSON.stringify(list.slice(i, i + BATCH));
    const r = await sql<{ id: string; grid_code: string; name: string; inserted: boolean }>`
      WITH x AS (SELECT * FROM jsonb_to_recordset(${j}::jsonb) AS x(grid text, name text)),
      ins AS (INSERT INTO buildings (grid_code, name) SELECT grid, name FROM x
              ON CONFLICT (grid_code, name) DO NOTHING RETURNING id, grid_code, name)
      SELECT id, grid_code, name, true AS inserted FROM ins
      UNION ALL
      SELECT b.id, b.grid_code, b.name, false FROM buildings b JOIN x ON b.grid_code = x.grid AND b.name = x.name`.execute(
      tx,
    );
    for (const b of r.rows) {
      buildingIds.set(`${b.grid_code}|${b.name}`, b.id);
      if (b.inserted) buildings += 1;
    }
  }

  // Sealing (AES + HMAC per personal field) is this loop's Node CPU, the upserts are PostgreSQL's: the
  // next chunk is prepared in slices between the database's answers, so both cores work. (Sealing in
  // one go held the event loop, and the queued statement waited for it.) A household already in the
  // database gets only its members' fingerprints first: it is sealed only if they changed.
  const existing = await existingHouseholds(tx, plan);
  const seal = (m: PlanMember) =>
    // The same sealing as a member added in the field: one phone, one lookup hash.
    sealMember(pd, { ...m, phone: m.phone ?? undefined, idNumber: m.idNumber ?? undefined });
  const prepare = async (chunk: ImportPlan["households"]) => {
    const out: Prepared[] = [];
    for (const [k, h] of chunk.entries()) {
      out.push(
        existing.has(h.code)
          ? { prints: h.members.map((m) => fingerprint(lookupOf(pd, m))) }
          : { sealed: h.members.map(seal) },
      );
      if (k % 100 === 99) await new Promise((r) => setImmediate(r)); // ~5 ms slices
    }
    return out;
  };
  const rows: { inserted: boolean }[] = [];
  let members = 0;
  let sealing = prepare(plan.households.slice(0, BATCH));
  for (let i = 0; i < plan.households.length; i += BATCH) {
    const chunk = plan.households.slice(i, i + BATCH);
    const prepared = await sealing;
    sealing = prepare(plan.households.slice(i + BATCH, i + 2 * BATCH));
    sealing.catch(() => undefined); // awaited next round; a failure meanwhile is not "unhandled"
    const hj = JSON.stringify(
      chunk.map((h) => ({
        code: h.code,
        grid: h.gridCode,
        building: h.building ? (buildingIds.get(`${h.gridCode}|${h.building}`) ?? null) : null,
        address: h.address,
        tags: h.tags,
      })),
    );
    const saved = await sql<{ id: string; code: string; inserted: boolean }>`
      INSERT INTO households (code, grid_code, building_id, address, tags, updated_at, updated_by)
      SELECT code, grid, building, address, tags, ${now}::timestamptz, ${actorId}::uuid
      FROM jsonb_to_recordset(${hj}::jsonb) AS x(code text, grid text, building uuid, address text, tags text[])
      ON CONFLICT (code) DO UPDATE SET grid_code = EXCLUDED.grid_code, building_id = EXCLUDED.building_id,
        address = EXCLUDED.address, tags = EXCLUDED.tags, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by
      RETURNING id, code, (xmax = 0) AS inserted`.execute(tx);
    rows.push(...saved.rows);
    const ids = new Map(saved.rows.map((r) => [r.code, r.id]));
    const updated = saved.rows.filter((r) => !r.inserted).map((r) => r.id);
    // Members are replaced as a whole: the county's file is the register of who lives there. A
    // household whose members the file repeats unchanged keeps its rows — a re-run of the same
    // files then rewrites (and re-indexes) nothing of its 200,000 members.
    const kept = updated.length ? await unchangedMembers(tx, updated, chunk, prepared, ids) : new Set();
    const replaced = updated.filter((id) => !kept.has(id));
    if (replaced.length)
      await sql`DELETE FROM household_members WHERE household_id = ANY(${replaced}::uuid[])`.execute(tx);
    const sealed = chunk.flatMap((h, k) => {
      const id = ids.get(h.code) as string; // RETURNING answers every row of the chunk
      members += h.members.length;
      if (kept.has(id)) return [];
      const p = prepared[k];
      const list = p && "sealed" in p ? p.sealed : h.members.map(seal);
      return list.map((m, pos) => ({ household_id: id, ...m, position: pos }));
    });
    if (sealed.length)
      await sql`INSERT INTO household_members (household_id, relation, name_enc, name_hash, name_masked, phone_enc, phone_hash,
        phone_last4, id_number_enc, id_number_hash, tags, position)
      SELECT household_id, relation, name_enc, name_hash, name_masked, phone_enc, phone_hash, phone_last4,
        id_number_enc, id_number_hash, tags, position
      FROM jsonb_to_recordset(${JSON.stringify(sealed)}::jsonb) AS x(household_id uuid, relation text, name_enc text,
        name_hash text, name_masked text, phone_enc text, phone_hash text, phone_last4 text, id_number_enc text,
        id_number_hash text, tags text[], position int)`.execute(tx);
    step(chunk.reduce((n, h) => n + h.members.length, 0)); // one sheet row per member
  }
  return { households: tally(rows), members, buildings };
}

type PlanMember = ImportPlan["households"][number]["members"][number];
/** A chunk's household: its members sealed (new), or only their fingerprints (already stored). */
type Prepared = { sealed: ReturnType<typeof sealMember>[] } | { prints: string[] };

/** The households of the plan already in the database, by 户编号 (under the import's advisory lock). */
async function existingHouseholds(tx: Tx, plan: ImportPlan): Promise<Set<string>> {
  const codes = plan.households.map((h) => h.code);
  if (codes.length === 0) return new Set();
  const r = await sql<{
    code: string;
  }>`SELECT code FROM households WHERE code = ANY(${codes}::text[])`.execute(tx);
  return new Set(r.rows.map((x) => x.code));
}

interface MemberPrint {
  relation: string;
  name_hash: string;
  name_masked: string;
  phone_hash: string | null;
  phone_last4: string | null;
  id_number_hash: string | null;
  tags: string[];
}

/** sealMember's lookup columns without its encryption (kept in step with field/households.repository). */
function lookupOf(pd: PersonalData, m: PlanMember): MemberPrint {
  const phone = m.phone ? m.phone.replace(/\D/g, "") : null;
  const idNumber = m.idNumber ? m.idNumber.toUpperCase() : null;
  return {
    relation: m.relation,
    name_hash: pd.lookupHash(m.name),
    name_masked: maskName(m.name) ?? "*",
    phone_hash: phone ? pd.lookupHash(phone) : null,
    phone_last4: phone ? phone.slice(-4) : null,
    id_number_hash: idNumber ? pd.lookupHash(idNumber) : null,
    tags: m.tags,
  };
}

// What identifies a member's row without decrypting it: the lookup hashes (HMAC of name, phone and ID
// number, with spaces and dashes dropped as for phones), the masked name and last four (which catch
// most changes that dropping would hide), relation, tags and order. Should lookupOf ever drift from
// sealMember, the households only look changed and are rewritten: slower, never wrong.
const fingerprint = (m: MemberPrint) =>
  [
    m.relation,
    m.name_hash,
    m.name_masked,
    m.phone_hash,
    m.phone_last4,
    m.id_number_hash,
    m.tags.join("、"),
  ].join("|");

/** The existing households (by id) whose stored members are exactly the file's, in the same order. */
async function unchangedMembers(
  tx: Tx,
  updated: string[],
  chunk: ImportPlan["households"],
  prepared: Prepared[],
  ids: ReadonlyMap<string, string>,
): Promise<Set<string>> {
  const stored = await sql<MemberPrint & { household_id: string }>`
    SELECT household_id, relation, name_hash, name_masked, phone_hash, phone_last4, id_number_hash, tags
    FROM household_members WHERE household_id = ANY(${updated}::uuid[])
    ORDER BY household_id, position`.execute(tx);
  const now = new Map<string, string[]>();
  for (const m of stored.rows) {
    const list = now.get(m.household_id) ?? [];
    list.push(fingerprint(m));
    now.set(m.household_id, list);
  }
  const kept = new Set<string>();
  for (const [k, h] of chunk.entries()) {
    const id = ids.get(h.code);
    const before = id ? now.get(id) : undefined;
    const p = prepared[k];
    const after = p && "prints" in p ? p.prints : p?.sealed.map(fingerprint);
    if (id && before && after && before.length === after.length && after.every((f, i) => f === before[i]))
      kept.add(id);
  }
  return kept;
}
