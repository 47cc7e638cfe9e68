import { type MeetingKind, type Role, SIJI_QITIAN } from "@fengqiao/core";
import { describe, expect, it } from "vitest";
import { conveneKinds } from "./convene-kinds";

// Which 召集 buttons a case's meeting card shows: the same rules the server applies (core's
// MEETING_RULES), read from the case's step and the user's rung.

const TOWNSHIP = "62.6207.620702.620702100";
const COUNTY = "62.6207.620702";

describe("convene buttons on a case", () => {
  const rows: [string, Role, string, number, string, MeetingKind[]][] = [
    ["center staff at 会诊", "center_staff", TOWNSHIP, 3, "accepted", ["consultation", "liaison"]],
    ["center staff at 拍板: no 拍板 for them", "center_staff", TOWNSHIP, 4, "accepted", ["liaison"]],
    ["township leader at 拍板", "township_leader", TOWNSHIP, 4, "mediating", ["decision", "liaison"]],
    [
      "township leader on a case beyond the ladder (上交)",
      "township_leader",
      TOWNSHIP,
      5,
      "accepted",
      ["decision", "liaison"],
    ],
    ["a case still at the grid", "center_staff", TOWNSHIP, 1, "submitted", []],
    ["a settled case", "township_leader", TOWNSHIP, 4, "resolved", []],
    ["county leader: 府院联动", "leader", COUNTY, 3, "accepted", ["court_joint"]],
    [
      "county center: 会诊, 要事联商, 府院联动",
      "center_staff",
      COUNTY,
      3,
      "accepted",
      ["consultation", "liaison", "court_joint"],
    ],
    [
      "a grid worker convenes nothing",
      "grid_worker",
      `${TOWNSHIP}.620702100201.620702100201001`,
      3,
      "accepted",
      [],
    ],
  ];
  it.each(rows)("%s", (_name, role, path, step, status, kinds) => {
    expect(conveneKinds({ status, step, policy: SIJI_QITIAN }, [role], path)).toEqual(kinds);
  });
});
