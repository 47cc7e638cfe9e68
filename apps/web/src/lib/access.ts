import { type Action, can, type Role } from "@fengqiao/core";
import type { Me } from "../api/types";

// Who puts up and maintains 码上反映 QR posters (the server's places routes allow the same roles).
const PLACE_ROLES: readonly Role[] = ["village_cadre", "center_staff", "township_leader", "admin"];
export const canManagePlaces = (me: Me) => me.roles.some((r) => PLACE_ROLES.includes(r));

/** Role-aware navigation asks core's access policy the same question the server asks. */
export function canDo(me: Me, action: Action): boolean {
  return can({ userId: me.id, roles: me.roles, regionPath: me.regionPath, unitId: me.unitId }, action, {
    regionPath: me.regionPath,
  });
}
