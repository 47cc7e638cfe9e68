import { isOpen, stepClock, type TPolicy } from "@fengqiao/core";
import type { CaseDetail, TimelineEvent } from "../../api/types";

export interface LadderRung {
  step: number;
  name: { zh: string; en: string };
  /** The step's deadline: from its clock when it ran, projected by core's stepClock otherwise. */
  dueAt: Date | null;
  projected: boolean;
  holders: string[];
}

/** Who acted while the case stood on each step, read from the timeline's step moves. */
export function holdersByStep(events: TimelineEvent[]): Map<number, string[]> {
  const held = new Map<number, string[]>();
  let step = 1;
  for (const e of events) {
    const from = e.data.fromStep;
    // An escalation is the last act of the step it leaves.
    const at = typeof from === "number" ? from : step;
    if (e.actor) {
      const list = held.get(at) ?? [];
      if (!list.includes(e.actor)) list.push(e.actor);
      held.set(at, list);
    }
    if (typeof e.data.toStep === "number") step = e.data.toStep;
  }
  return held;
}

export function ladderRungs(c: CaseDetail, policy: TPolicy): LadderRung[] {
  const held = holdersByStep(c.timeline);
  const stepClocks = c.clocks.filter((k) => k.kind === "step");
  // Future steps start when the current one is due at the latest: the projection the server would make.
  let nextStart: Date | null = c.stepDueAt ? new Date(c.stepDueAt) : null;
  return policy.steps.map((s, i) => {
    const step = i + 1;
    const ran = stepClocks.filter((k) => k.step === step).at(-1);
    let dueAt: Date | null = ran?.dueAt ? new Date(ran.dueAt) : null;
    let projected = false;
    const open = isOpen(c.status);
    if (!dueAt && step > c.step && open && nextStart) {
      dueAt = stepClock(policy, step, nextStart, { counting: policy.counting }).dueAt;
      nextStart = dueAt;
      projected = true;
    }
    return { step, name: s.name, dueAt, projected, holders: held.get(step) ?? [] };
  });
}
