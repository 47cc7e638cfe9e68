import { isOpen, type MeetingKind, mayConvene, policyStep, type Role, type TPolicy } from "@fengqiao/core";

/**
 * Which meetings this user may convene on the case now: 会诊 at the center step, 拍板 at the township's,
 * 要事联商 once the case has left the grid, 府院联动 for county-level (and higher) conveners. The server
 * checks the same rules (core's checkConvene); these only decide which buttons to show.
 */
export function conveneKinds(
  c: { status: string; step: number; policy: TPolicy | null },
  roles: readonly Role[],
  regionPath: string,
): MeetingKind[] {
  if (!isOpen(c.status)) return [];
  const level = c.policy ? (policyStep(c.policy, c.step)?.level ?? "beyond") : null;
  const depth = regionPath.split(".").length;
  const kinds: MeetingKind[] = [];
  if (level === "center" && mayConvene(roles, "consultation")) kinds.push("consultation");
  if ((level === "township" || level === "beyond") && mayConvene(roles, "decision") && depth === 4)
    kinds.push("decision");
  if (level !== "grid" && mayConvene(roles, "liaison") && depth <= 4) kinds.push("liaison");
  if (mayConvene(roles, "court_joint") && depth <= 3) kinds.push("court_joint");
  return kinds;
}
