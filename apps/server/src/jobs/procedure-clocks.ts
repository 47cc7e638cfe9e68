import type { CaseCause, DueClock } from "@fengqiao/core";
import type { AppContext } from "../context";
import type { Tx } from "../db/database";
import type { CaseRow } from "../db/schema";
import { mediationClocks } from "../modules/mediation/mediation.clocks";
import { meetingFollowups } from "../modules/meetings/meetings.clock";
import { petitionClocks } from "../modules/petitions/petitions.clocks";
import { taskClocks } from "../modules/tasks/tasks.clocks";
import { tourClocks } from "../modules/tourism/tour-answer";
import { CENTER_CLOCKS } from "../modules/window/center.clocks";

// The clocks of a case's procedures — 交办 tasks, summons, referrals, mediation agreements, 司法确认,
// petitions — run on the one clock engine: the sweep claims them with the ladder's clocks, hands each
// procedure its due (or warning) clocks in one batch, and applies what the procedure says to the case
// through core's caseTransition (cause `procedure`). A procedure module registers its handler below.

export type ProcedureCause = Extract<CaseCause, { type: "procedure" }>;

export interface ProcedureClockItem {
  caseRow: CaseRow;
  clocks: DueClock[];
}

export interface ProcedureClockHandler {
  /** Clock kinds the procedure owns, `<procedure>.<what>`, e.g. `task.sign`. */
  kinds: string[];
  /** Kinds whose warn point matters (催办 before the deadline, the day-20 warning of 司法确认). */
  warnKinds: string[];
  /**
   * The sweep found these clocks due (`on: "due"`) or at their warn point (`on: "warn"`): update the
   * procedure's own records in `tx` (set-based: a burst after a holiday brings thousands) and return
   * what each case takes, keyed by case id. The sweep itself marks the clocks fired or warned.
   */
  onClocks(o: {
    ctx: AppContext;
    tx: Tx;
    now: Date;
    on: "due" | "warn";
    items: ProcedureClockItem[];
  }): Promise<Map<string, ProcedureCause>>;
}

/** Every procedure whose clocks the sweep runs. */
export const PROCEDURE_CLOCKS: ProcedureClockHandler[] = [
  taskClocks, // 交办督办 (task.sign, task.reply, task.red)
  meetingFollowups, // 会诊/拍板/府院联动 decisions (meeting.followup)
  petitionClocks, // 信访 statutory clocks (petition.*)
  ...CENTER_CLOCKS, // 随叫随驻 summons and 三调对接 referrals (summons.ack, referral.ack)
  tourClocks, // 旅游警务室 answer clock (tourism.answer)
  mediationClocks, // 调解期限, 履行回访, 司法确认 (mediation.*, agreement.*, jc.*)
];

export function handlerOf(kind: string): ProcedureClockHandler | undefined {
  return PROCEDURE_CLOCKS.find((h) => h.kinds.includes(kind));
}
