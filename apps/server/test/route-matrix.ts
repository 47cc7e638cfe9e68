import type { Role } from "@fengqiao/core";

// The role × jurisdiction matrix: ONE row per route of the app, what each role gets.
// A route without a row fails route-matrix.test.ts, so a new route cannot ship without one.
//
// Each string has one letter per role, in ROLE_ORDER:
//   2 = 2xx (allowed), 4 = refused for its content (400/409/422: got past role and jurisdiction;
//   the test compares 2 and 4 alike, since the order of the roles' parallel writes is chance),
//   F = 403 (role may not), N = 404 (outside the user's jurisdiction, or no such record),
//   U = 401 (no session), - = not asked (the role is already refused in its own region).
// The request is a valid sample of the route's schema whose place — the case of {ref}, the region
// of {code}, a regionCode/center/… field — is, for each role's user (sitting at its home level,
// helpers.ts HOME_LEVEL):
//   own       = inside the user's region (a case in the grid below it);
//   neighbour = in the sibling region at the user's level (another grid, village, township, county);
//   parent    = at the region just above the user's.
// Routes whose input names no place have one string, `any`. Records named by id ({id}) are asked
// for with an id that does not exist: their own jurisdiction rows live in their module's access
// test (tasks, meetings, petitions, mediation, center).
// Regenerate after a deliberate change: FENGQIAO_MATRIX_PRINT=1 npx vitest run --project server
// apps/server/test/route-matrix.test.ts writes test-results/route-matrix.observed.ts — review every
// changed letter before copying it here.

export const ROLE_ORDER = [
  "grid_worker",
  "village_cadre",
  "mediator",
  "police",
  "center_staff",
  "township_leader",
  "department_handler",
  "leader",
  "admin",
] as const satisfies readonly Role[];

export type Cell = "2" | "4" | "F" | "N" | "U" | "5" | "-";
export type Relation = "own" | "neighbour" | "parent";
export type Row = { any: string } | Record<Relation, string>;

/** Routes only citizens or nobody reach: no staff session is looked at (citizen doors, login). */
export const SESSIONLESS = [
  /^\/api\/public\//,
  /^\/open311\//,
  /^\/health$/,
  /^\/api\/v1\/auth\/(login|logout)$/,
];

/** Regional routes asked in the own region only, for time: their guard is their twin's (brief.html). */
export const SLOW = ["GET /api/v1/brief.pdf"];

/** Staff routes that answer without a session too (what the login page needs). */
export const OPEN = ["GET /api/v1/meta"];

export const ROUTE_MATRIX: Record<string, Row> = {
  "GET /api/v1/auth/me": { any: "222222222" },
  "GET /api/v1/cases": { any: "222222222" },
  "POST /api/v1/cases": { own: "222222FFF", neighbour: "NNNNNN---", parent: "NNNNNN---" },
  "GET /api/v1/cases/{ref}": { own: "222222N22", neighbour: "NNNNNN-NN", parent: "NNNNNN-NN" },
  "POST /api/v1/cases/{ref}/commands": { own: "444244N44", neighbour: "NNNNNN-NN", parent: "NNNNNN-NN" },
  "POST /api/v1/cases/{ref}/contacts": { own: "222222NFF", neighbour: "NNNNNN---", parent: "NNNNNN---" },
  "GET /api/v1/regions": { any: "222222222" },
  "POST /api/v1/regions": { own: "FFFFFFFF4", neighbour: "--------N", parent: "--------N" },
  "GET /api/v1/units": { any: "222222222" },
  "POST /api/v1/units": { own: "FFFFFFFF2", neighbour: "--------N", parent: "--------N" },
  "GET /api/v1/users": { any: "FFFFFFFF2" },
  "POST /api/v1/users": { own: "444444444", neighbour: "444444444", parent: "444444444" },
  "GET /api/v1/policies": { any: "222222222" },
  "PUT /api/v1/policies/{key}": { any: "444444444" },
  "GET /api/v1/admin/clock": { any: "222222222" },
  "POST /api/v1/admin/clock/advance": { any: "FFFFFFFF4" },
  "POST /api/v1/admin/sweep": { any: "FFFFFFFF2" },
  "GET /api/v1/admin/audit/verify": { any: "FFFFFFFF2" },
  "GET /api/v1/meta": { any: "222222222" },
  "GET /api/v1/places": { any: "F2FF22FF2" },
  "POST /api/v1/places": { own: "F2FF22FF2", neighbour: "-N--NN--N", parent: "-N--NN--N" },
  "POST /api/v1/places/{id}/token": { any: "FNFFNNFFN" },
  "GET /api/v1/places/{id}/poster": { any: "FNFFNNFFN" },
  "POST /api/v1/cases/{ref}/callback": { own: "222222NFF", neighbour: "NNNNNN---", parent: "NNNNNN---" },
  "GET /api/v1/opinions": { any: "222222F22" },
  "GET /api/v1/cases/{ref}/attachments/{id}": {
    own: "NNNNNNNNN",
    neighbour: "---------",
    parent: "---------",
  },
  "GET /api/v1/villages/{code}/cards/print": {
    own: "F2FF22FF2",
    neighbour: "-N--NN--N",
    parent: "-N--NN--N",
  },
  "GET /api/v1/contact-cards/coverage": { any: "F2FF22FF2" },
  "PUT /api/v1/contact-cards/members/{userId}": { any: "444444444" },
  "POST /api/v1/admin/api-clients": { own: "FFFFFFFF2", neighbour: "--------N", parent: "--------N" },
  "GET /api/v1/admin/api-clients": { any: "FFFFFFFF2" },
  "GET /api/v1/admin/outbox": { any: "FFFFFFFF2" },
  "GET /api/v1/workbench": { any: "222222222" },
  "GET /api/v1/cases-lookup": { any: "222222222" },
  "GET /api/v1/cases/{ref}/escalation": { own: "222222NFF", neighbour: "NNNNNN---", parent: "NNNNNN---" },
  "GET /api/v1/cases-similar": { any: "222222222" },
  "GET /api/v1/cases-export.xlsx": { any: "222222F22" },
  "GET /api/v1/regions/{code}": { own: "222222222", neighbour: "NNNNNNNNN", parent: "NNNNNNNNN" },
  "PATCH /api/v1/regions/{code}": { own: "FFFFFFFF2", neighbour: "--------N", parent: "--------N" },
  "GET /api/v1/regions/{code}/map": { own: "222222222", neighbour: "NNNNNNNNN", parent: "NNNNNNNNN" },
  "POST /api/v1/regions/{code}/move": { own: "FFFFFFFF4", neighbour: "--------N", parent: "--------N" },
  "PUT /api/v1/regions/{code}/geojson": { own: "FFFFFFFF2", neighbour: "--------N", parent: "--------N" },
  "POST /api/v1/regions/import-geojson": { any: "FFFFFFFF2" },
  "PATCH /api/v1/units/{id}": { any: "FFFFFFFFN" },
  "PATCH /api/v1/users/{id}": { any: "FFFFFFFFN" },
  "POST /api/v1/users/{id}/reset-password": { any: "FFFFFFFFN" },
  "POST /api/v1/users/{id}/unlock": { any: "FFFFFFFFN" },
  "GET /api/v1/calendar": { any: "222222222" },
  "POST /api/v1/calendar/days": { any: "FFFFFFFF2" },
  "DELETE /api/v1/calendar/days/{day}": { any: "444444444" },
  "GET /api/v1/stats/summary": { any: "FFFF22F22" },
  "GET /api/v1/brief.html": { any: "FFFF22F22" },
  "GET /api/v1/brief.pdf": { any: "FFFF22F22" },
  "GET /api/v1/brief/settings": { any: "FFFFFFFF2" },
  "PUT /api/v1/brief/settings": { own: "FFFFFFFF2", neighbour: "--------N", parent: "--------N" },
  "GET /api/v1/cases/{ref}/risks": { own: "222222N22", neighbour: "NNNNNN-NN", parent: "NNNNNN-NN" },
  "GET /api/v1/risk/rules": { any: "FFFFFFFF2" },
  "PUT /api/v1/risk/rules": { any: "FFFFFFFF2" },
  "GET /api/v1/dashboard": { any: "FFFF22F22" },
  "GET /api/v1/cases/{ref}/attachments": { own: "222222N22", neighbour: "NNNNNN-NN", parent: "NNNNNN-NN" },
  "POST /api/v1/cases/{ref}/attachments": { own: "444444NFF", neighbour: "NNNNNN---", parent: "NNNNNN---" },
  "GET /api/v1/cases/{ref}/tasks": { own: "222222N22", neighbour: "NNNNNN-NN", parent: "NNNNNN-NN" },
  "POST /api/v1/cases/{ref}/tasks": { own: "FFFF44NFF", neighbour: "----NN---", parent: "----NN---" },
  "GET /api/v1/tasks": { any: "222222222" },
  "GET /api/v1/tasks/{id}": { any: "NNNNNNNNN" },
  "POST /api/v1/tasks/{id}/sign": { any: "NNNNNNNNN" },
  "POST /api/v1/tasks/{id}/answer": { any: "NNNNNNNNN" },
  "POST /api/v1/tasks/{id}/return": { any: "NNNNNNNNN" },
  "POST /api/v1/tasks/{id}/cancel": { any: "NNNNNNNNN" },
  "POST /api/v1/tasks/{id}/redispatch": { any: "NNNNNNNNN" },
  "GET /api/v1/tasks/{id}/notice": { any: "NNNNNNNNN" },
  "GET /api/v1/tasks-settings": { any: "222222222" },
  "PUT /api/v1/tasks-settings": { any: "FFFFFFFF2" },
  "GET /api/v1/supervision/tasks": { any: "FFFF22F22" },
  "GET /api/v1/scorecards": { any: "FFFF22F22" },
  "GET /api/v1/scorecards.xlsx": { any: "FFFF22F22" },
  "GET /api/v1/scorecards/print": { any: "FFFF22F22" },
  "GET /api/v1/meetings": { any: "222222222" },
  "POST /api/v1/meetings": { any: "FFFFNNFNF" },
  "GET /api/v1/meetings/{id}": { any: "NNNNNNNNN" },
  "POST /api/v1/meetings/{id}/invitees": { any: "444444444" },
  "POST /api/v1/meetings/{id}/hold": { any: "NNNNNNNNN" },
  "POST /api/v1/meetings/{id}/cancel": { any: "NNNNNNNNN" },
  "POST /api/v1/meetings/{id}/decisions/{decisionId}/settle": { any: "NNNNNNNNN" },
  "POST /api/v1/meetings/{id}/decisions/{decisionId}/task": { any: "NNNNNNNNN" },
  "GET /api/v1/meetings/{id}/minutes.html": { any: "NNNNNNNNN" },
  "GET /api/v1/meeting-settings": { any: "222222222" },
  "PUT /api/v1/meeting-settings": { any: "FFFFFFFF2" },
  "POST /api/v1/petitions": { own: "FFFF22FFF", neighbour: "----NN---", parent: "----NN---" },
  "GET /api/v1/petitions": { any: "222222222" },
  "GET /api/v1/petitions/{id}": { any: "NNNNNNNNN" },
  "GET /api/v1/cases/{ref}/petition": { own: "NNNNNNNNN", neighbour: "---------", parent: "---------" },
  "POST /api/v1/petitions/{id}/commands": { any: "NNNNNNNNN" },
  "GET /api/v1/petitions/letters/{id}/print": { any: "NNNNNNNNN" },
  "GET /api/v1/window/services": { any: "222222222" },
  "POST /api/v1/window/tickets": { own: "444444444", neighbour: "NNNNNNNNN", parent: "NNNNNNNNN" },
  "POST /api/v1/window/call-next": { own: "444444444", neighbour: "NNNNNNNNN", parent: "NNNNNNNNN" },
  "POST /api/v1/window/tickets/{id}/finish": { any: "NNNNNNNNN" },
  "GET /api/v1/window/queue": { any: "444422222" },
  "GET /api/v1/window/visitors": { any: "FFFF44FFF" },
  "POST /api/v1/window/intake": { own: "444444444", neighbour: "NNNNNNNNN", parent: "NNNNNNNNN" },
  "GET /api/v1/window/receipt/{ref}": { own: "222222N22", neighbour: "NNNNNN-NN", parent: "NNNNNN-NN" },
  "GET /api/v1/center-settings": { any: "222222222" },
  "PUT /api/v1/center-settings": { any: "444444444" },
  "GET /api/v1/centers/stations": { any: "444422222" },
  "GET /api/v1/centers/today": { any: "444422222" },
  "GET /api/v1/centers/roster": { own: "444444444", neighbour: "NNNNNNNNN", parent: "NNNNNNNNN" },
  "POST /api/v1/centers/roster": { any: "NNNNNNNNN" },
  "POST /api/v1/cases/{ref}/summons": { own: "FFFF44NFF", neighbour: "----NN---", parent: "----NN---" },
  "GET /api/v1/cases/{ref}/summons": { own: "222222N22", neighbour: "NNNNNN-NN", parent: "NNNNNN-NN" },
  "GET /api/v1/summons": { any: "444422FFF" },
  "POST /api/v1/summons/{id}/acknowledge": { any: "NNNNNNNNN" },
  "POST /api/v1/summons/{id}/appeared": { any: "NNNNNNNNN" },
  "POST /api/v1/summons/{id}/cancel": { any: "NNNNNNNNN" },
  "POST /api/v1/cases/{ref}/referrals": { own: "F4F444NFF", neighbour: "-N-NNN---", parent: "-N-NNN---" },
  "GET /api/v1/cases/{ref}/referrals": { own: "222222N22", neighbour: "NNNNNN-NN", parent: "NNNNNN-NN" },
  "GET /api/v1/referrals": { any: "222222222" },
  "POST /api/v1/referrals/incoming": { own: "F44F44FFF", neighbour: "-NN-NN---", parent: "-NN-NN---" },
  "POST /api/v1/referrals/{id}/acknowledge": { any: "NNNNNNNNN" },
  "POST /api/v1/referrals/{id}/decline": { any: "NNNNNNNNN" },
  "POST /api/v1/referrals/{id}/result": { any: "NNNNNNNNN" },
  "GET /api/v1/mediation/settings": { any: "222222222" },
  "PUT /api/v1/mediation/settings": { any: "FFFFFFFF2" },
  "GET /api/v1/mediation/rooms": { any: "222222222" },
  "POST /api/v1/mediation/rooms": { own: "FFFF42FF4", neighbour: "----NN--N", parent: "----NN--N" },
  "PUT /api/v1/mediation/rooms/{id}": { own: "FFFFNNFFN", neighbour: "---------", parent: "---------" },
  "GET /api/v1/mediation/rooms/{id}/board": { any: "NNNNNNNNN" },
  "GET /api/v1/mediation/mediators": { any: "FFFF22FF2" },
  "GET /api/v1/mediation/courts": { any: "222222222" },
  "GET /api/v1/cases/{ref}/mediation": { own: "222222N22", neighbour: "NNNNNN-NN", parent: "NNNNNN-NN" },
  "POST /api/v1/cases/{ref}/mediation/handings": {
    own: "NNNNNNNFF",
    neighbour: "---------",
    parent: "---------",
  },
  "POST /api/v1/cases/{ref}/mediation/sessions": {
    own: "444444NFF",
    neighbour: "NNNNNN---",
    parent: "NNNNNN---",
  },
  "POST /api/v1/cases/{ref}/agreements": { own: "444444NFF", neighbour: "NNNNNN---", parent: "NNNNNN---" },
  "GET /api/v1/agreements/{id}": { any: "NNNNNNNNN" },
  "PUT /api/v1/agreements/{id}": { any: "NNNNNNNNN" },
  "POST /api/v1/agreements/{id}/signatures": { any: "NNNNNNNNN" },
  "POST /api/v1/agreements/{id}/followup": { any: "NNNNNNNNN" },
  "GET /api/v1/agreements/{id}/print": { any: "NNNNNNNNN" },
  "GET /api/v1/agreements/{id}/docx": { any: "NNNNNNNNN" },
  "POST /api/v1/agreements/{id}/judicial-confirmation": { any: "NNNNNNNNN" },
  "GET /api/v1/judicial-confirmations": { any: "222222222" },
  "POST /api/v1/judicial-confirmations/{id}/acceptance": { any: "NNNNNNNNN" },
  "POST /api/v1/judicial-confirmations/{id}/extension": { any: "NNNNNNNNN" },
  "POST /api/v1/judicial-confirmations/{id}/ruling": { any: "NNNNNNNNN" },
};
