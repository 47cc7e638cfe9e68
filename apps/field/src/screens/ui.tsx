/** @jsxImportSource preact */
import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { type ApiError, isMissing } from "../api";
import { hhmm, type Key, t, tx } from "../i18n";
import type { Loaded } from "../load";
import { discardItem, outboxState, outboxUser, reapplyItem, retryItem } from "../outbox";
import type { OutboxItem } from "../outbox-logic";
import { shrink } from "../photos";
import { eventWords } from "./events";

/** "离线 · 上次同步 HH:mm" over a screen drawn from the phone's copy. */
export function Stale({ value }: { value?: Loaded<unknown> }) {
  if (!value?.stale) return null;
  return (
    <p class="stale" data-testid="stale">
      {t("offline")} · {t("lastSync")} {hhmm(value.at)}
    </p>
  );
}

/** A failed read: "not on this server yet" said plainly, anything else with the server's words. */
export function LoadError({ error }: { error?: ApiError }) {
  if (!error) return null;
  if (isMissing(error))
    return (
      <p class="notice" data-testid="not-supported">
        {t("notSupported")}
      </p>
    );
  return <p class="error">{error.status === 0 ? t("cacheMissing") : error.message}</p>;
}

export function countdown(dueAt: string | null, now = Date.now()): { text: string; late: boolean } | null {
  if (!dueAt) return null;
  const ms = Date.parse(dueAt) - now;
  const a = Math.abs(ms);
  const d = Math.floor(a / 86_400_000);
  const h = Math.floor((a % 86_400_000) / 3_600_000);
  const m = Math.floor((a % 3_600_000) / 60_000);
  const span =
    d > 0
      ? `${d}${t("days")}${h}${t("hours")}`
      : h > 0
        ? `${h}${t("hours")}${m}${t("minutes")}`
        : `${m}${t("minutes")}`;
  return ms >= 0
    ? { text: `${t("due")} ${span}`, late: false }
    : { text: `${t("overdue")} ${span}`, late: true };
}

/**
 * A case's countdown as the console shows it: a paused case waits (its clock is stopped, 等待当事人),
 * a settled one has none; only a running case counts down to its step's deadline.
 */
export function caseCountdown(c: { status: string; stepDueAt: string | null }) {
  if (c.status === "paused") return { text: t("pausedWaiting"), late: false };
  if (c.status === "resolved" || c.status === "closed") return null;
  return countdown(c.stepDueAt);
}

// One object URL per photo for the page's life: a new one on every render (the outbox re-renders the
// screen as it tries) reloaded the thumbnails, shifted the form under the worker's thumb and leaked.
const urls = new WeakMap<Blob, string>();
function blobUrl(b: Blob): string {
  let u = urls.get(b);
  if (!u) {
    u = URL.createObjectURL(b);
    urls.set(b, u);
  }
  return u;
}

export function Field(props: { label: string; children: ComponentChildren }) {
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control is the child passed in (input, textarea, select).
    <label class="field">
      <span>{props.label}</span>
      {props.children}
    </label>
  );
}

/** One queued write with its state; a conflict or refusal shows the worker's choices. */
export function ItemRow({ item }: { item: OutboxItem }) {
  const sending = outboxState().sendingSeq === item.seq;
  const seq = item.seq ?? 0;
  const stateKey = `st_${item.state}` as Key;
  return (
    <li class={`item ${item.state}`} data-testid="outbox-item" data-state={item.state} data-kind={item.kind}>
      <div class="row">
        <b>{item.label}</b>
        <span class="tag">{sending ? "…" : t(stateKey)}</span>
      </div>
      {item.state !== "done" && item.user && item.user !== outboxUser() && (
        <p class="hint" data-testid="other-user">
          {t("otherUser")}
        </p>
      )}
      {item.state === "pending" && item.attempts > 0 && (
        <p class="hint">
          {t("attempts", { n: item.attempts })} ·{" "}
          {t("retryIn", { s: Math.max(0, Math.ceil((item.nextAt - Date.now()) / 1000)) })}
          {item.error ? ` · ${item.error}` : ""}
        </p>
      )}
      {item.state === "conflict" && (
        <div class="conflict" data-testid="conflict">
          <p>{item.error}</p>
          {item.conflict && (
            <p>
              {t("nowState", {
                status: tx("status_", item.conflict.status),
                step: t("step", { n: item.conflict.step }),
                v: item.conflict.version,
              })}
              {item.conflict.lastEvent && (
                <>
                  <br />
                  {t("lastChange", {
                    ev: eventWords({ type: item.conflict.lastEvent, data: {} }),
                    who: item.conflict.lastActor ?? "—",
                  })}
                </>
              )}
            </p>
          )}
          <div class="btns">
            <button type="button" class="primary" data-testid="reapply" onClick={() => void reapplyItem(seq)}>
              {t("reapply")}
            </button>
            <button type="button" data-testid="discard" onClick={() => void discardItem(seq)}>
              {t("discard")}
            </button>
          </div>
        </div>
      )}
      {item.state === "rejected" && (
        <div class="conflict">
          <p>{item.error}</p>
          <div class="btns">
            <button type="button" class="primary" onClick={() => void retryItem(seq)}>
              {t("retry")}
            </button>
            <button type="button" data-testid="discard" onClick={() => void discardItem(seq)}>
              {t("discard")}
            </button>
          </div>
        </div>
      )}
    </li>
  );
}

/** Photos picked or taken, shrunk at once; the caller stores the blobs in the outbox. */
export function PhotoPicker({
  photos,
  onChange,
  label,
}: {
  photos: Blob[];
  onChange: (p: Blob[]) => void;
  label?: string;
}) {
  const [busy, setBusy] = useState(false);
  return (
    <div class="field">
      <span>{label ?? t("photos")}</span>
      <div class="thumbs">
        {photos.map((p, i) => (
          <img key={i} src={blobUrl(p)} alt={`${t("photos")} ${i + 1}`} />
        ))}
      </div>
      <label class="btn">
        {busy ? "…" : t("addPhoto")}
        <input
          type="file"
          accept="image/*"
          capture="environment"
          multiple
          data-testid="photo-input"
          class="hidden"
          onChange={async (e) => {
            const files = [...((e.target as HTMLInputElement).files ?? [])];
            setBusy(true);
            const shrunk = await Promise.all(files.map(shrink));
            setBusy(false);
            onChange([...photos, ...shrunk]);
          }}
        />
      </label>
    </div>
  );
}
