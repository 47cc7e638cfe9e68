import { type Action, can } from "@fengqiao/core";
import type { Me } from "../api/types";

/** Role-aware navigation asks core's access policy the same question the server asks. */
export function canDo(me: Me, action: Action): boolean {
  return can({ userId: me.id, roles: me.roles, regionPath: me.regionPath, unitId: me.unitId }, action, {
    regionPath: me.regionPath,
  });
}
