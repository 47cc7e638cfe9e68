import { AppError } from "./errors";
import type { StepLevel } from "./policy";
import { inSubtree } from "./regions";
import type { Actor, Role } from "./roles";
import { allowedCommands, type CaseCommandType, type CaseState } from "./workflow";

export const ACTIONS = [
  "case.read",
  "case.create",
  "case.accept",
  "case.note",
  "case.mediate",
  "case.pause",
  "case.escalate",
  "case.resolve",
  "case.close",
  "case.reject",
  "case.merge",
  "case.refer",
  "case.reopen",
  "case.assign",
  "contact.reveal",
  "region.manage",
  "unit.manage",
  "user.manage",
  "policy.manage",
  "audit.verify",
  "clock.advance",
  "stats.read",
  "place.manage",
  // 交办督办 (tasks.ts): dispatch/cancel by the center, sign/answer/return by the unit.
  "task.read",
  "task.dispatch",
  "task.handle",
  "task.override",
  "supervision.read",
  "unitRecord.write",
  "meeting.read",
  "meeting.convene",
  "meeting.followup",
  "petition.register",
  "petition.handle",
  // The center at work (issue 9): window, stationed units, summons, 三调对接 referrals.
  "window.read",
  "window.operate",
  "roster.manage",
  "summons.issue",
  "summons.answer",
  "referral.send",
  "referral.receive",
  "referral.answer",
  "mediation.room.manage",
  "mediation.handle",
  "jc.decide",
  // Field work (issue 12, field.ts): households, visits, 排查 campaigns, 社情民意.
  "household.read",
  "household.write",
  "household.reveal",
  "visit.write",
  "campaign.create",
  "campaign.result",
  "opinion.write",
  "opinion.read",
  // 有事找警察 and 旅游警务 (tour.ts): who is a village's resident officer; a scenic post's roster.
  "officer.manage",
  "tour.roster",
  // 导入 county onboarding (import.ts): a county's workbooks loaded into the admin's subtree.
  "import.run",
] as const;
export type Action = (typeof ACTIONS)[number];

export interface CaseResource {
  regionPath: string;
  assignedUnitId: string | null;
  step: number;
  /** Level of the current step; null beyond the ladder (上交). */
  stepLevel: StepLevel | null;
}
/** A case in a mediation room, or a 司法确认 before a court: who else may act on it. */
export interface MediationResource {
  regionPath: string;
  assignedUnitId: string | null;
  /** The mediators of the room the case was handed to. */
  roomMediatorIds?: readonly string[];
  /** The court unit a 司法确认 application went to. */
  courtUnitId?: string | null;
}
type Resource = CaseResource | MediationResource | { regionPath: string };

/** Jurisdiction = the actor's region subtree, plus whatever is assigned to the actor's unit. */
export function inJurisdiction(
  actor: Actor,
  r: { regionPath: string; assignedUnitId?: string | null },
): boolean {
  return inSubtree(r.regionPath, actor.regionPath) || assignedToUnit(actor, r);
}

function assignedToUnit(actor: Actor, r: { assignedUnitId?: string | null }): boolean {
  return actor.unitId !== null && r.assignedUnitId != null && r.assignedUnitId === actor.unitId;
}

/** A rule's condition; `role` is the role the rule is being tried for. */
type Condition = (actor: Actor, r: Resource | undefined, role: Role) => boolean;

const isCase = (r: Resource | undefined): r is CaseResource => r !== undefined && "step" in r;

// Conditions, named so each rule below reads as one sentence.
const inScope: Condition = (a, r) => r !== undefined && inSubtree(r.regionPath, a.regionPath);
const scopeIfGiven: Condition = (a, r, role) => r === undefined || inScope(a, r, role);
const jurisdiction: Condition = (a, r) => r !== undefined && inJurisdiction(a, r);
const assigned: Condition = (a, r) => r !== undefined && "assignedUnitId" in r && assignedToUnit(a, r);
const roomMediator: Condition = (a, r) =>
  r !== undefined && "roomMediatorIds" in r && (r.roomMediatorIds ?? []).includes(a.userId);
// 司法确认: the clerk of the court the parties applied to (a department handler of that court unit).
const courtClerk: Condition = (a, r) =>
  r !== undefined && "courtUnitId" in r && r.courtUnitId != null && r.courtUnitId === a.unitId;
const atStep =
  (...levels: (StepLevel | "beyond")[]): Condition =>
  (a, r) =>
    isCase(r) && inJurisdiction(a, r) && levels.includes(r.stepLevel ?? "beyond");

// Who may handle a case at each rung of the ladder: that level's people and everyone above.
// 拍板 (township step) and 上交 (beyond) belong to the township leadership; a county step (custom
// ladders) to center staff and leaders in jurisdiction; center staff only assist at 拍板 (see rules).
const REACH: Partial<Record<Role, Condition>> = {
  grid_worker: atStep("grid"),
  village_cadre: atStep("grid", "village"),
  mediator: atStep("grid", "village"),
  police: atStep("grid", "village"),
  center_staff: atStep("grid", "village", "center", "county"),
  township_leader: atStep("grid", "village", "center", "township", "county", "beyond"),
};
/**
 * The rung each role answers for: its work queue is the open cases standing there. REACH above is
 * wider (a role may also act on the rungs below); "beyond" is 上交 past the last step.
 */
export const QUEUE_LEVELS: Partial<Record<Role, readonly (StepLevel | "beyond")[]>> = {
  grid_worker: ["grid"],
  village_cadre: ["village"],
  mediator: ["village"],
  police: ["village"],
  center_staff: ["center", "county"],
  township_leader: ["township", "beyond"],
};

const byReach: Condition = (a, r, role) => REACH[role]?.(a, r, role) ?? false;

type Rule = readonly [Action, readonly Role[], Condition];

const HANDLERS = [
  "grid_worker",
  "village_cadre",
  "mediator",
  "police",
  "center_staff",
  "township_leader",
] as const;
const CLOSERS = ["village_cadre", "center_staff", "township_leader"] as const;
const ADMIN = ["admin"] as const;
const CENTER = ["center_staff", "township_leader"] as const;
const FIELD_PEOPLE = ["grid_worker", "village_cadre", "police", "center_staff", "township_leader"] as const;
const FIELD_ACTIONS = [
  "household.read",
  "household.write",
  "household.reveal",
  "visit.write",
  "campaign.result",
  "opinion.write",
] as const;
/** People who act for a unit they belong to (a summoned or receiving unit). */
const UNIT_PEOPLE = ["department_handler", "police", "mediator", "village_cadre", "center_staff"] as const;

/** The access policy: one line per rule; an action is allowed when any rule holds for any role. */
export const ACCESS_RULES: readonly Rule[] = [
  ["case.read", [...HANDLERS, "leader", "admin"], jurisdiction],
  ["case.read", ["department_handler"], assigned],
  ["case.create", HANDLERS, inScope],
  ["case.accept", HANDLERS, byReach],
  ["case.pause", HANDLERS, byReach],
  ["case.assign", HANDLERS, byReach],
  ["case.escalate", HANDLERS, byReach],
  ["case.escalate", ["center_staff"], atStep("township")],
  ["case.mediate", HANDLERS, byReach],
  ["case.mediate", ["center_staff"], atStep("township")],
  ["case.mediate", ["department_handler"], assigned],
  ["case.resolve", HANDLERS, byReach],
  ["case.resolve", ["department_handler"], assigned],
  ["case.note", HANDLERS, jurisdiction],
  ["case.note", ["department_handler"], assigned],
  ["case.close", CLOSERS, jurisdiction],
  ["case.reject", CLOSERS, jurisdiction],
  ["case.merge", CLOSERS, jurisdiction],
  ["case.refer", CLOSERS, jurisdiction],
  ["case.reopen", CLOSERS, jurisdiction],
  ["contact.reveal", HANDLERS, jurisdiction],
  ["stats.read", ["leader", "admin", "center_staff", "township_leader"], scopeIfGiven],
  // 码上反映 QR points: put up and kept by the village and the township (and administrators).
  ["place.manage", [...CLOSERS, "admin"], scopeIfGiven],
  // 交办督办: the center and the township give tasks on cases in their subtree; the unit answers its own.
  ["task.read", [...HANDLERS, "leader", "admin"], jurisdiction],
  ["task.read", [...HANDLERS, "department_handler"], assigned],
  ["task.dispatch", ["center_staff", "township_leader"], inScope],
  ["task.handle", [...HANDLERS, "department_handler"], assigned],
  ["task.override", ["center_staff", "township_leader"], inScope],
  ["supervision.read", ["leader", "admin", "center_staff", "township_leader"], scopeIfGiven],
  // 教学练战 and 述法 records: kept by the center and the township for units in their area (resource:
  // the unit's region), and by a unit's own people for their unit (assignedUnitId: the unit).
  ["unitRecord.write", ["center_staff", "township_leader", "leader", "admin"], inScope],
  ["unitRecord.write", ["department_handler", "police", "mediator"], assigned],
  // 信访: the window registers, the center and the township handle; a unit a petition was routed to replies.
  ["petition.register", ["center_staff", "township_leader"], inScope],
  ["petition.handle", ["center_staff", "township_leader"], jurisdiction],
  ["petition.handle", ["department_handler"], assigned],
  ["region.manage", ADMIN, scopeIfGiven],
  ["unit.manage", ADMIN, scopeIfGiven],
  ["user.manage", ADMIN, scopeIfGiven],
  ["policy.manage", ADMIN, scopeIfGiven],
  ["audit.verify", ADMIN, scopeIfGiven],
  ["clock.advance", ADMIN, scopeIfGiven],
  ["import.run", ADMIN, scopeIfGiven],
  // Joint meetings (会诊, 要事联商, 拍板, 府院联动): which kind each role convenes is core's meetings.ts.
  ["meeting.read", [...HANDLERS, "leader", "admin"], inScope],
  ["meeting.read", ["department_handler"], assigned],
  ["meeting.convene", ["center_staff", "township_leader", "leader"], inScope],
  ["meeting.followup", ["center_staff", "township_leader", "leader"], inScope],
  ["meeting.followup", ["department_handler"], assigned],
  // 一站式窗口: the center's staff run the queue and the intake; everyone at the center sees the board.
  ["window.read", [...HANDLERS, "department_handler", "leader", "admin"], scopeIfGiven],
  ["window.operate", CENTER, scopeIfGiven],
  ["roster.manage", [...CENTER, "admin"], scopeIfGiven],
  // 随叫随驻: the center summons (resource: the case); the unit's own people answer (assignedUnitId:
  // the summoned unit).
  ["summons.issue", CENTER, jurisdiction],
  ["summons.answer", UNIT_PEOPLE, assigned],
  // 三调对接: out from a case in jurisdiction; in at a region in scope; answered by the receiving unit
  // (assignedUnitId: the receiving unit) or by the center holding it (regionPath: the unit's region).
  ["referral.send", [...CLOSERS, "police"], jurisdiction],
  ["referral.send", ["department_handler"], assigned],
  ["referral.receive", [...CLOSERS, "mediator"], inScope],
  ["referral.answer", UNIT_PEOPLE, assigned],
  ["referral.answer", CENTER, inScope],
  // 多元调解: rooms are kept by the center and township (and administrators); the case's handlers
  // in jurisdiction and the room's own mediators hold sessions, draft agreements and follow up.
  ["mediation.room.manage", ["center_staff", "township_leader", "admin"], scopeIfGiven],
  ["mediation.handle", HANDLERS, jurisdiction],
  ["mediation.handle", ["mediator", "department_handler"], roomMediator],
  // 司法确认: the court's decisions, recorded by its clerk or by the center on the court's word.
  ["jc.decide", ["center_staff", "township_leader"], jurisdiction],
  ["jc.decide", ["department_handler"], courtClerk],
  // Field work: households are seen by the grid's worker, the village's cadres and police officer, and
  // the center and township above — nobody else (not mediators, departments, leaders or admins).
  ...FIELD_ACTIONS.map((a): Rule => [a, FIELD_PEOPLE, inScope]),
  ["campaign.create", CENTER, inScope],
  ["opinion.write", ["mediator"], inScope],
  ["opinion.read", [...FIELD_PEOPLE, "mediator", "leader"], inScope],
  // The administrator names each village's resident officer; the post's own police keep its roster
  // (assignedUnitId: the post's unit), as do the center and the township over their places.
  ["officer.manage", ADMIN, scopeIfGiven],
  ["tour.roster", [...CENTER, "admin"], scopeIfGiven],
  ["tour.roster", ["police", "department_handler"], assigned],
];

/** Role and jurisdiction in one answer; without a resource, case actions are refused. */
export function can(actor: Actor, action: Action, resource?: Resource): boolean {
  return ACCESS_RULES.some(
    ([a, roles, condition]) =>
      a === action && roles.some((role) => actor.roles.includes(role) && condition(actor, resource, role)),
  );
}

/** `can`, as one line at the top of a command or route: refuses with 403 FORBIDDEN. */
export function authorize(actor: Actor, action: Action, resource?: Resource): void {
  if (!can(actor, action, resource)) throw new AppError("FORBIDDEN");
}

/** Which command maps to which permission. */
export const COMMAND_ACTION: Record<CaseCommandType, Action> = {
  accept: "case.accept",
  note: "case.note",
  startMediation: "case.mediate",
  recordMediation: "case.mediate",
  pause: "case.pause",
  resume: "case.pause",
  escalate: "case.escalate",
  resolve: "case.resolve",
  close: "case.close",
  reject: "case.reject",
  merge: "case.merge",
  refer: "case.refer",
  reopen: "case.reopen",
  assign: "case.assign",
};

/** What the UI shows as buttons: allowed by the workflow and by the access policy. */
export function allowedActions(actor: Actor, state: CaseState, resource: CaseResource): CaseCommandType[] {
  return allowedCommands(state).filter((c) => can(actor, COMMAND_ACTION[c], resource));
}
