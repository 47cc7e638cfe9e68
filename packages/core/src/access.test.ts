import { describe, expect, it } from "vitest";
import {
  ACTIONS,
  type Action,
  allowedActions,
  type CaseResource,
  COMMAND_ACTION,
  can,
  inJurisdiction,
} from "./access";
import type { StepLevel } from "./policy";
import { type Actor, ROLES, type Role } from "./roles";
import { type CaseCommand, decide, initialCaseState } from "./workflow";

const TOWNSHIP = "620000.620700.620702.620702001"; // 甘州区 某街道
const INSIDE = `${TOWNSHIP}.620702001001.620702001001001`; // a grid below it
const OUTSIDE = "620000.620700.620702.620702002.620702002001";
const DEPT = "unit-dept";

const actor = (role: Role, unitId: string | null = DEPT): Actor => ({
  userId: `u-${role}`,
  roles: [role],
  regionPath: TOWNSHIP,
  unitId,
});
const caseAt = (
  regionPath: string,
  stepLevel: StepLevel | null,
  assignedUnitId: string | null = null,
): CaseResource => ({
  regionPath,
  assignedUnitId,
  step: stepLevel === null ? 5 : 1,
  stepLevel,
});

const HANDLE: Action[] = [
  "case.accept",
  "case.mediate",
  "case.pause",
  "case.escalate",
  "case.resolve",
  "case.assign",
];
const CLOSE: Action[] = ["case.close", "case.reject", "case.merge", "case.refer", "case.reopen"];
const FIELD: Action[] = ["case.read", "case.create", "case.note", "contact.reveal"];
const ADMIN: Action[] = [
  "region.manage",
  "unit.manage",
  "user.manage",
  "policy.manage",
  "audit.verify",
  "clock.advance",
  // A county's workbooks are loaded by its administrator (issue 12).
  "import.run",
];

const MEET: Action[] = ["meeting.read", "meeting.convene", "meeting.followup"];
// Issue 9: the window board is read by everyone at the center; the center runs it.
const SEE: Action[] = ["window.read"];
const CENTER_OPS: Action[] = ["window.operate", "roster.manage", "summons.issue", "referral.answer"];
const REFER: Action[] = ["referral.send", "referral.receive"];
/** 多元调解 and 司法确认 at the center's desk. */
const MEDIATION_DESK: Action[] = ["mediation.room.manage", "mediation.handle", "jc.decide"];
/** 旅游警务: the center, the township and the administrator keep the posts' rosters (issue 12). */
const TOUR: Action[] = ["tour.roster"];

/** What each role may do, in jurisdiction, on a case at the grid step (接单). */
// 交办督办: the center and the township dispatch and supervise; every handler reads a case's tasks.
const TASK_CENTER: Action[] = [
  "task.read",
  "task.dispatch",
  "task.override",
  "supervision.read",
  "unitRecord.write",
];
const PETITION: Action[] = ["petition.register", "petition.handle"];
// Issue 12 field work (field.ts): households, visits, results and 社情民意 in scope; the center and
// township also create 排查 campaigns.
const FIELD_WORK: Action[] = [
  "household.read",
  "household.write",
  "household.reveal",
  "visit.write",
  "campaign.result",
  "opinion.write",
  "opinion.read",
];
const AT_GRID_STEP: Record<Role, Action[]> = {
  grid_worker: [...FIELD, ...HANDLE, "task.read", "meeting.read", ...SEE, "mediation.handle", ...FIELD_WORK],
  village_cadre: [
    ...FIELD,
    ...HANDLE,
    ...CLOSE,
    "place.manage",
    "task.read",
    "meeting.read",
    ...SEE,
    ...REFER,
    "mediation.handle",
    ...FIELD_WORK,
  ],
  mediator: [
    ...FIELD,
    ...HANDLE,
    "task.read",
    "meeting.read",
    ...SEE,
    "referral.receive",
    "mediation.handle",
    "opinion.write",
    "opinion.read",
  ],
  police: [
    ...FIELD,
    ...HANDLE,
    "task.read",
    "meeting.read",
    ...SEE,
    "referral.send",
    "mediation.handle",
    ...FIELD_WORK,
  ],
  center_staff: [
    ...FIELD,
    ...HANDLE,
    ...CLOSE,
    "stats.read",
    "place.manage",
    ...TASK_CENTER,
    ...MEET,
    ...PETITION,
    ...SEE,
    ...CENTER_OPS,
    ...REFER,
    ...MEDIATION_DESK,
    ...FIELD_WORK,
    "campaign.create",
    ...TOUR,
  ],
  township_leader: [
    ...FIELD,
    ...HANDLE,
    ...CLOSE,
    "stats.read",
    "place.manage",
    ...TASK_CENTER,
    ...MEET,
    ...PETITION,
    ...SEE,
    ...CENTER_OPS,
    ...REFER,
    ...MEDIATION_DESK,
    ...FIELD_WORK,
    "campaign.create",
    ...TOUR,
  ],
  department_handler: [...SEE],
  leader: [
    "case.read",
    "stats.read",
    "task.read",
    "supervision.read",
    "unitRecord.write",
    ...MEET,
    ...SEE,
    "opinion.read",
  ],
  admin: [
    "case.read",
    "stats.read",
    "place.manage",
    ...ADMIN,
    "task.read",
    "supervision.read",
    "unitRecord.write",
    "meeting.read",
    ...SEE,
    "roster.manage",
    "mediation.room.manage",
    "officer.manage",
    ...TOUR,
  ],
};

/** Handling actions by the level of the case's current step ("beyond" = 上交). */
const HANDLING_BY_LEVEL: Record<Role, Partial<Record<StepLevel | "beyond", Action[]>>> = {
  grid_worker: { grid: HANDLE },
  village_cadre: { grid: HANDLE, village: HANDLE },
  mediator: { grid: HANDLE, village: HANDLE },
  police: { grid: HANDLE, village: HANDLE },
  center_staff: {
    grid: HANDLE,
    village: HANDLE,
    center: HANDLE,
    township: ["case.mediate", "case.escalate"], // 拍板 is the township leadership's
    county: HANDLE,
  },
  township_leader: {
    grid: HANDLE,
    village: HANDLE,
    center: HANDLE,
    township: HANDLE,
    county: HANDLE,
    beyond: HANDLE,
  },
  department_handler: {},
  leader: {},
  admin: {},
};

describe("access matrix: role × jurisdiction × action", () => {
  const rows = ROLES.flatMap((role) =>
    [true, false].flatMap((inside) =>
      ACTIONS.map(
        (action) =>
          [
            role,
            inside ? "inside" : "outside",
            action,
            inside && AT_GRID_STEP[role].includes(action),
          ] as const,
      ),
    ),
  );
  it.each(rows)("%s %s jurisdiction: %s → %s", (role, where, action, expected) => {
    const resource = caseAt(where === "inside" ? INSIDE : OUTSIDE, "grid");
    expect(can(actor(role), action, resource)).toBe(expected);
  });
});

describe("access by ladder step", () => {
  const levels: (StepLevel | "beyond")[] = ["grid", "village", "center", "township", "county", "beyond"];
  const rows = ROLES.flatMap((role) =>
    levels.flatMap((level) =>
      HANDLE.map(
        (action) => [role, level, action, HANDLING_BY_LEVEL[role][level]?.includes(action) ?? false] as const,
      ),
    ),
  );
  it.each(rows)("%s at %s step: %s → %s", (role, level, action, expected) => {
    const resource = caseAt(INSIDE, level === "beyond" ? null : level);
    expect(can(actor(role), action, resource)).toBe(expected);
  });

  it.each(ROLES)("%s may note at any step in jurisdiction iff it handles cases", (role) => {
    const handler = AT_GRID_STEP[role].includes("case.note");
    for (const level of levels) {
      expect(can(actor(role), "case.note", caseAt(INSIDE, level === "beyond" ? null : level))).toBe(handler);
    }
  });
});

describe("cases assigned to a unit (交办)", () => {
  const DEPT_ALLOWED: Action[] = [
    "case.read",
    "case.note",
    "case.mediate",
    "case.resolve",
    "task.read",
    "task.handle",
    "meeting.read",
    "meeting.followup",
    "petition.handle",
    "summons.answer",
    "unitRecord.write",
    "referral.send",
    "referral.answer",
    "tour.roster",
  ];
  it.each(ACTIONS.map((a) => [a, DEPT_ALLOWED.includes(a)] as const))(
    "department_handler on an assigned case outside its region: %s → %s",
    (action, expected) => {
      expect(can(actor("department_handler"), action, caseAt(OUTSIDE, "township", DEPT))).toBe(expected);
    },
  );

  it.each<[Role, string | null, string | null, boolean]>([
    ["department_handler", DEPT, DEPT, true],
    ["department_handler", DEPT, "other-unit", false],
    ["department_handler", null, null, false],
    ["mediator", DEPT, DEPT, true], // a mediation room (调解室) assigned the case
    ["mediator", null, DEPT, false],
  ])("%s of unit %s reads a case assigned to %s: %s", (role, unit, assigned, expected) => {
    expect(can(actor(role, unit), "case.read", caseAt(OUTSIDE, "grid", assigned))).toBe(expected);
  });

  it.each([
    [{ regionPath: INSIDE }, true],
    [{ regionPath: TOWNSHIP }, true],
    [{ regionPath: OUTSIDE }, false],
    [{ regionPath: OUTSIDE, assignedUnitId: DEPT }, true],
    [{ regionPath: OUTSIDE, assignedUnitId: null }, false],
  ])("inJurisdiction(%j) = %s", (r, expected) => {
    expect(inJurisdiction(actor("mediator"), r)).toBe(expected);
  });
});

describe("can without a case", () => {
  it.each<[Role, Action, boolean]>([
    ["admin", "region.manage", true],
    ["admin", "clock.advance", true],
    ["leader", "stats.read", true],
    ["leader", "region.manage", false],
    ["grid_worker", "stats.read", false],
    ["township_leader", "case.read", false],
    ["grid_worker", "case.create", false],
  ])("%s %s → %s", (role, action, expected) => {
    expect(can(actor(role), action)).toBe(expected);
  });

  it.each<[Role, string, boolean]>([
    ["grid_worker", INSIDE, true],
    ["grid_worker", OUTSIDE, false],
    ["admin", OUTSIDE, false],
  ])("%s create/manage in %s → %s", (role, regionPath, expected) => {
    const action: Action = role === "admin" ? "region.manage" : "case.create";
    expect(can(actor(role), action, { regionPath })).toBe(expected);
  });

  it("several roles add up", () => {
    const both: Actor = { ...actor("grid_worker"), roles: ["grid_worker", "mediator"] };
    expect(can(both, "case.accept", caseAt(INSIDE, "village"))).toBe(true);
    expect(can(actor("grid_worker"), "case.accept", caseAt(INSIDE, "village"))).toBe(false);
  });
});

describe("allowedActions", () => {
  const after = (commands: CaseCommand[], stepCount = 4) =>
    commands.reduce((s, c) => decide(s, c, new Date(0)).state, initialCaseState(stepCount));
  const mediating = after([{ type: "accept" }, { type: "startMediation" }]);

  it.each<[string, Role, ReturnType<typeof after>, StepLevel | null, string[]]>([
    [
      "grid worker, new case",
      "grid_worker",
      initialCaseState(4),
      "grid",
      ["accept", "note", "pause", "escalate", "assign"],
    ],
    ["grid worker, village step", "grid_worker", initialCaseState(4), "village", ["note"]],
    [
      "center staff at 拍板",
      "center_staff",
      mediating,
      "township",
      ["note", "recordMediation", "escalate", "merge", "refer"],
    ],
    [
      "township leader at 拍板",
      "township_leader",
      mediating,
      "township",
      ["note", "recordMediation", "pause", "escalate", "resolve", "merge", "refer", "assign"],
    ],
    ["leader", "leader", mediating, "grid", []],
    [
      "village cadre, closed",
      "village_cadre",
      after([{ type: "reject", reason: "重复" }]),
      "grid",
      ["note", "reopen"],
    ],
  ])("%s", (_name, role, state, level, expected) => {
    expect(allowedActions(actor(role), state, caseAt(INSIDE, level))).toEqual(expected);
  });

  it("every command maps to a known action", () => {
    for (const action of Object.values(COMMAND_ACTION)) expect(ACTIONS).toContain(action);
  });
});
