import type { Role } from "@fengqiao/core";
import { sql } from "kysely";
import {
  call,
  HOME_LEVEL,
  login,
  makeTree,
  type Session,
  sampleCase,
  type TestEnv,
  type Tree,
} from "./helpers";
import { type Hints, type Operation, sample, sampleQuery } from "./openapi-routes";
import { type Cell, type Relation, ROLE_ORDER } from "./route-matrix";

// Sends every route once per role and region relation, with a valid sample input whose region
// (a case reference, a region code, a regionCode field) sits in the relation's place.

/** Where a role's user sits, and the places "own", "neighbour" and "parent" mean for it. */
export interface World {
  tree: Tree;
  sessions: Record<Role, Session>;
  /** Per role and relation: the region and a case there. */
  places: Record<Role, Record<Relation, { region: string; village: string; caseCode: string }>>;
}

const SIBLING: Partial<Record<keyof Tree, keyof Tree>> = {
  grid: "otherGrid",
  village: "otherVillage",
  township: "otherTownship",
};

async function caseAt(env: TestEnv, clerk: Session, grid: string, moveTo?: string): Promise<string> {
  const res = await call(env, clerk, { method: "POST", url: "/api/v1/cases", payload: sampleCase(grid) });
  if (res.statusCode !== 201) throw new Error(`case at ${grid}: ${res.body}`);
  const code = res.json().code as string;
  // A case held above the grid (as the ladder does after escalation to a township or county case).
  if (moveTo) {
    await sql`UPDATE cases SET region_code = r.code, region_path = r.path FROM regions r
      WHERE r.code = ${moveTo} AND cases.code = ${code}`.execute(env.ctx.db);
  }
  return code;
}

const parentOf = async (env: TestEnv, code: string) =>
  (
    await env.ctx.db
      .selectFrom("regions")
      .select("parent_code")
      .where("code", "=", code)
      .executeTakeFirstOrThrow()
  ).parent_code as string;

export async function buildWorld(env: TestEnv): Promise<World> {
  const tree = await makeTree(env.ctx);
  const far = await makeTree(env.ctx); // another county: the county roles' neighbour
  const clerk = await login(env, { roles: ["center_staff"], region: tree.county });
  const farClerk = await login(env, { roles: ["center_staff"], region: far.county });
  const unit = await env.ctx.db
    .insertInto("units")
    .values({ kind: "department", name: "司法局", region_code: tree.county, stationing: "rotating" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const sessions = {} as Record<Role, Session>;
  const places = {} as World["places"];
  const ownCase = await caseAt(env, clerk, tree.grid);
  const farCase = await caseAt(env, farClerk, far.grid);
  for (const role of ROLE_ORDER) {
    const level = HOME_LEVEL[role];
    const home = tree[level];
    sessions[role] = await login(env, {
      roles: [role],
      region: home,
      unitId: role === "department_handler" ? unit.id : null,
    });
    const sib = SIBLING[level];
    const nbRegion = sib ? tree[sib] : far.county;
    const nbGrid =
      sib === "otherGrid" ? tree.otherGrid : sib === "otherTownship" ? tree.otherTownshipGrid : null;
    const parent = await parentOf(env, home);
    places[role] = {
      own: { region: tree.grid, village: tree.village, caseCode: ownCase },
      neighbour: {
        region: nbRegion,
        village:
          level === "township"
            ? await parentOf(env, tree.otherTownshipGrid)
            : sib
              ? tree.otherVillage
              : far.village,
        caseCode: sib
          ? await caseAt(env, clerk, nbGrid ?? tree.grid, nbGrid ? undefined : nbRegion)
          : farCase,
      },
      parent: { region: parent, village: parent, caseCode: await caseAt(env, clerk, tree.grid, parent) },
    };
  }
  return { tree, sessions, places };
}

export function classify(status: number): Cell {
  if (status >= 200 && status < 300) return "2";
  if (status === 401) return "U";
  if (status === 403) return "F";
  if (status === 404) return "N";
  if (status >= 500) return "5";
  return "4";
}

const REGION_FIELDS = ["regionCode", "parentCode", "center", "villageCode", "region", "code"];

/** Whether the route's input names a place: a case, a region, or a region field in its body. */
export function isRegional(op: Operation): boolean {
  if (/\{(ref|code)\}/.test(op.path)) return true;
  const body = op.body ? JSON.stringify(sample(op.body, {})) : "";
  const query = op.params.filter((p) => p.in === "query" && p.required).map((p) => p.name);
  return REGION_FIELDS.some((f) => body.includes(`"${f}"`) || query.includes(f));
}

/** One request as `role`'s user (null: no session) with the place of `rel`; its answer's letter. */
export async function probe(
  env: TestEnv,
  w: World,
  op: Operation,
  role: Role | null,
  rel: Relation,
): Promise<Cell> {
  const p = w.places[role ?? "admin"][rel];
  const region = op.path.includes("/villages/") ? p.village : p.region;
  const hints: Hints = {
    ref: p.caseCode,
    code: region,
    regionCode: region,
    parentCode: region,
    center: region,
  };
  for (const f of REGION_FIELDS) hints[f] ??= region;
  const url = op.path.replace(/\{(\w+)\}/g, (_m, n: string) =>
    encodeURIComponent(
      typeof hints[n] === "string" ? (hints[n] as string) : "00000000-0000-4000-8000-000000000000",
    ),
  );
  const query = new URLSearchParams(sampleQuery(op, hints)).toString();
  const ask = () =>
    call(env, role ? w.sessions[role] : null, {
      method: op.method as "GET",
      url: query ? `${url}?${query}` : url,
      ...(op.body ? { payload: sample(op.body, hints) as object } : {}),
    });
  let res = await ask();
  // Rate limits are shared through PostgreSQL (one counter per route and address, and every role here
  // asks from 127.0.0.1): a 429 says nothing about role or jurisdiction, so start the window afresh.
  if (res.statusCode === 429) {
    await sql`DELETE FROM rate_limits`.execute(env.ctx.db);
    res = await ask();
  }
  return classify(res.statusCode);
}
