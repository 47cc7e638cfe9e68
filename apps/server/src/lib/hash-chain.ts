import { createHash } from "node:crypto";

export const GENESIS = "0".repeat(64);

/** Canonical JSON: keys sorted, so a row read back from jsonb hashes to the same value. */
export function canonical(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(obj[k])}`).join(",")}}`;
}

export interface ChainedEvent {
  caseId: string;
  /** Set for an event on a task's own chain (0023); absent, as ever, on the case's. */
  taskId?: string;
  seq: number;
  type: string;
  at: Date;
  actorId: string | null;
  data: unknown;
}

export function eventHash(prevHash: string, e: ChainedEvent): string {
  return createHash("sha256")
    .update(prevHash)
    .update(
      canonical({
        caseId: e.caseId,
        taskId: e.taskId,
        seq: e.seq,
        type: e.type,
        at: e.at,
        actorId: e.actorId,
        data: e.data,
      }),
    )
    .digest("hex");
}
