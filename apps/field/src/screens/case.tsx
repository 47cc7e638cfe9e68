/** @jsxImportSource preact */

import { useEffect, useState } from "preact/hooks";
import { TRANSITIONS } from "../../../../packages/core/src/workflow";
import { lang, mdhm, t, tx } from "../i18n";
import { load, useLoad } from "../load";
import { link } from "../nav";
import { enqueue, listItems, onOutbox } from "../outbox";
import { CASE_PLACEHOLDER, type OutboxItem } from "../outbox-logic";
import { eventWords } from "./events";
import { caseCountdown, Field, ItemRow, LoadError, PhotoPicker, Stale } from "./ui";

interface CaseDetail {
  code: string;
  title: string;
  description: string;
  status: string;
  step: number;
  version: number;
  stepDueAt: string | null;
  regionName: string | null;
  allowedActions: string[];
  timeline: { seq: number; type: string; at: string; actor: string | null; data: Record<string, unknown> }[];
}

/** The commands a grid worker runs from the phone, each with the inputs the console asks for. */
const FIELDS: Record<string, ("text" | "reason" | "summary" | "success" | "photos")[]> = {
  accept: [],
  startMediation: [],
  note: ["text"],
  recordMediation: ["success", "summary", "photos"],
  resolve: ["summary"],
  escalate: ["reason"],
};

export function usePending(chain: string): OutboxItem[] {
  const [items, setItems] = useState<OutboxItem[]>([]);
  useEffect(() => {
    const read = () =>
      void listItems().then((all) => setItems(all.filter((i) => i.chain === chain && i.state !== "done")));
    read();
    return onOutbox(read);
  }, [chain]);
  return items;
}

/** Where a command goes: a case with a code, or one still waiting in the outbox to be opened (after). */
export interface Target {
  code: string;
  version: number;
  chain: string;
  after?: string;
}
const targetOf = (c: CaseDetail): Target => ({ code: c.code, version: c.version, chain: `case:${c.code}` });
const casePath = (to: Target, rest: string) =>
  `/cases/${to.after ? CASE_PLACEHOLDER : encodeURIComponent(to.code)}/${rest}`;

interface EscalationChoice {
  kind: "next" | "takeOver" | "above";
  toStep: number;
  stepName: { zh: string; en: string } | null;
  regionName: string | null;
}

/** 接手 / 上报至: the console's choices (GET /cases/:code/escalation), read while online, kept for offline. */
function EscalationPick({
  to,
  value,
  onPick,
}: {
  to: Target;
  value: number | null;
  onPick: (n: number) => void;
}) {
  const q = useLoad(
    () =>
      to.after
        ? Promise.resolve({ data: { choices: [] as EscalationChoice[] }, at: Date.now(), stale: false })
        : load<{ choices: EscalationChoice[] }>(
            `/cases/${encodeURIComponent(to.code)}/escalation`,
            `esc:${to.code}`,
          ),
    [to.code],
  );
  const choices = q.value?.data.choices ?? [];
  useEffect(() => {
    if (value === null && choices.length === 1 && choices[0]) onPick(choices[0].toStep);
  }, [choices.length]);
  if (!choices.length) return null;
  return (
    <fieldset class="field" data-testid="escalation-choices">
      <legend>{t("escalateTo")}</legend>
      {choices.map((c) => (
        <label key={c.toStep} class={value === c.toStep ? "choice on" : "choice"}>
          <input type="radio" name="toStep" checked={value === c.toStep} onChange={() => onPick(c.toStep)} />
          {c.kind === "takeOver" ? t("takeOver") : t("escalateTo")}：
          {c.stepName ? (lang() === "en" ? c.stepName.en : c.stepName.zh) : t("beyond")}
          {c.regionName ? `（${c.regionName}）` : ""}
        </label>
      ))}
    </fieldset>
  );
}

function ActionForm({ to, type, onClose }: { to: Target; type: string; onClose: () => void }) {
  const fields = FIELDS[type] ?? [];
  const [toStep, setToStep] = useState<number | null>(null);
  const [v, setV] = useState<{ text: string; reason: string; summary: string; success: boolean | null }>({
    text: "",
    reason: "",
    summary: "",
    success: null,
  });
  const [photos, setPhotos] = useState<Blob[]>([]);
  const [error, setError] = useState("");
  const submit = async (e: Event) => {
    e.preventDefault();
    const body: Record<string, unknown> = { type, version: to.version };
    if (type === "escalate" && toStep !== null) body.toStep = toStep;
    for (const f of fields) {
      if (f === "photos") continue;
      const val = v[f];
      if (val === null || (typeof val === "string" && !val.trim()))
        return setError(`${t("required")}: ${t(f)}`);
      body[f] = typeof val === "string" ? val.trim() : val;
    }
    const words = (body.text ?? body.summary ?? body.reason ?? "") as string;
    await enqueue({
      chain: to.chain,
      after: to.after,
      kind: "command",
      label: `${tx("act_", type)}${words ? `：${words.slice(0, 40)}` : ""}`,
      path: casePath(to, "commands"),
      body,
    });
    for (const [i, file] of photos.entries()) {
      await enqueue({
        chain: to.chain,
        after: to.after,
        kind: "attachment",
        label: `${t("signedPaper")} ${i + 1}`,
        path: casePath(to, "attachments"),
        file,
      });
    }
    onClose();
  };
  return (
    <form class="sheet" onSubmit={submit} data-testid="action-form">
      <h2>{tx("act_", type)}</h2>
      {fields.includes("success") && (
        <fieldset class="field">
          <legend>{t("success")}</legend>
          <div class="btns">
            {[true, false].map((b) => (
              <label key={String(b)} class={v.success === b ? "choice on" : "choice"}>
                <input
                  type="radio"
                  name="success"
                  checked={v.success === b}
                  onChange={() => setV({ ...v, success: b })}
                />
                {b ? t("yes") : t("no")}
              </label>
            ))}
          </div>
        </fieldset>
      )}
      {type === "escalate" && <EscalationPick to={to} value={toStep} onPick={setToStep} />}
      {(["text", "reason", "summary"] as const)
        .filter((f) => fields.includes(f))
        .map((f) => (
          <Field key={f} label={t(f)}>
            <textarea
              name={f}
              rows={4}
              maxLength={5000}
              value={v[f]}
              onInput={(e) => setV({ ...v, [f]: e.currentTarget.value })}
            />
          </Field>
        ))}
      {fields.includes("photos") && (
        <PhotoPicker photos={photos} onChange={setPhotos} label={t("signedPaper")} />
      )}
      {error && <p class="error">{error}</p>}
      <div class="btns">
        <button type="submit" class="primary" data-testid="action-submit">
          {fields.length ? t("submit") : tx("act_", type)}
        </button>
        <button type="button" onClick={onClose}>
          {t("cancel")}
        </button>
      </div>
    </form>
  );
}

/** What the worker did on a case not yet opened on the server: its status as those commands leave it. */
export function pendingStatus(queued: OutboxItem[]): string {
  let status = "submitted";
  for (const it of queued) {
    const type = (it.body as { type?: string } | undefined)?.type;
    if (it.kind !== "command" || !type) continue;
    const row = TRANSITIONS[status as keyof typeof TRANSITIONS] as Record<string, string>;
    const to = row[type];
    if (to && to !== "same" && to !== "pausedFrom") status = to;
  }
  return status;
}

/**
 * A case opened offline (visit or 排查 → 立案) before the server gave it a code: shown from the phone's
 * outbox, worked on like any case (the commands wait for the code), replaced by the real case on sync.
 */
function PendingCase({ id }: { id: string }) {
  const [items, setItems] = useState<OutboxItem[] | null>(null);
  useEffect(() => {
    const read = () => void listItems().then(setItems);
    read();
    return onOutbox(read);
  }, [id]);
  const [open, setOpen] = useState<string | null>(null);
  const opener = items?.find((i) => i.id === id);
  const code = opener?.result?.code;
  useEffect(() => {
    if (code) history.replaceState(null, "", `/g/c/${encodeURIComponent(code)}`);
    if (code) dispatchEvent(new PopStateEvent("popstate"));
  }, [code]);
  if (!items) return null;
  if (!opener) return <p class="error">{t("cacheMissing")}</p>;
  const source = items.find((i) => i.chain === opener.chain && (i.kind === "visit" || i.kind === "result"));
  const src = (source?.body ?? {}) as { findings?: string; note?: string };
  const title = (opener.body as { title?: string } | undefined)?.title ?? opener.label;
  const queued = items.filter((i) => i.after === id);
  const status = pendingStatus(queued);
  const to: Target = { code: "", version: 0, chain: opener.chain, after: id };
  const row = TRANSITIONS[status as keyof typeof TRANSITIONS] as Record<string, string>;
  const actions = [...Object.keys(FIELDS).filter((a) => a in row && a !== "escalate"), "attach"];
  return (
    <section data-testid="case" data-pending="1">
      <a {...link("/g/")} class="back">
        ‹ {t("back")}
      </a>
      <h1>{title}</h1>
      <p class="hint">
        {t("caseNoCode")} · <span data-testid="case-status">{tx("status_", status)}</span> ·{" "}
        {t("step", { n: 1 })}
      </p>
      <p>{src.findings ?? src.note ?? ""}</p>
      <h2>{t("pendingHere")}</h2>
      <ul class="list">
        {[opener, ...queued].map((i) => (
          <ItemRow key={i.seq} item={i} />
        ))}
      </ul>
      {open === "attach" ? (
        <AttachForm to={to} onClose={() => setOpen(null)} />
      ) : open ? (
        <ActionForm to={to} type={open} onClose={() => setOpen(null)} />
      ) : (
        <ActionButtons actions={actions} onPick={setOpen} />
      )}
    </section>
  );
}

/** What the worker can do on a case, one large button each: 受理 stands out, 上报 warns. */
function ActionButtons({ actions, onPick }: { actions: string[]; onPick: (action: string) => void }) {
  return (
    <div class="actions" data-testid="case-actions">
      {actions.map((a) => (
        <button
          type="button"
          key={a}
          data-action={a}
          class={a === "escalate" ? "danger" : a === "accept" ? "primary" : ""}
          onClick={() => onPick(a)}
        >
          {tx("act_", a)}
        </button>
      ))}
    </div>
  );
}

export function CaseScreen({ code }: { code: string }) {
  if (code.startsWith("@")) return <PendingCase id={code.slice(1)} />;
  return <OpenCase code={code} />;
}

function OpenCase({ code }: { code: string }) {
  const q = useLoad(() => load<CaseDetail>(`/cases/${encodeURIComponent(code)}`, `case:${code}`), [code]);
  const pending = usePending(`case:${code}`);
  const [open, setOpen] = useState<string | null>(null);
  const [toast, setToast] = useState("");
  const c = q.value?.data;
  const cd = c ? caseCountdown(c) : null;
  const actions = [...(c?.allowedActions.filter((a) => a in FIELDS) ?? []), "attach"];
  return (
    <section data-testid="case" data-version={c?.version}>
      <a {...link("/g/")} class="back">
        ‹ {t("back")}
      </a>
      <Stale value={q.value} />
      <LoadError error={q.error} />
      {c && (
        <>
          <h1>{c.title}</h1>
          <p class="hint">
            {c.code} · <span data-testid="case-status">{tx("status_", c.status)}</span> ·{" "}
            {t("step", { n: c.step })}
            {c.regionName ? ` · ${c.regionName}` : ""}
          </p>
          {cd && <p class={cd.late ? "late" : "due"}>{cd.text}</p>}
          <p>{c.description}</p>
          {pending.length > 0 && (
            <>
              <h2>{t("pendingHere")}</h2>
              <ul class="list">
                {pending.map((i) => (
                  <ItemRow key={i.seq} item={i} />
                ))}
              </ul>
            </>
          )}
          {toast && <p class="toast">{toast}</p>}
          {open ? (
            open === "attach" ? (
              <AttachForm to={targetOf(c)} onClose={() => setOpen(null)} />
            ) : (
              <ActionForm
                to={targetOf(c)}
                type={open}
                onClose={() => {
                  setOpen(null);
                  setToast(t("queued"));
                }}
              />
            )
          ) : (
            <ActionButtons actions={actions} onPick={setOpen} />
          )}
          <h2>{t("timeline")}</h2>
          <ol class="timeline">
            {[...c.timeline].reverse().map((e) => (
              <li key={e.seq} data-testid="event" data-type={e.type}>
                <span class="hint">
                  {mdhm(e.at)} · {e.actor ?? "—"}
                </span>
                <span class="words">{eventWords(e)}</span>
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

function AttachForm({ to, onClose }: { to: Target; onClose: () => void }) {
  const [photos, setPhotos] = useState<Blob[]>([]);
  const save = async () => {
    for (const [i, file] of photos.entries()) {
      await enqueue({
        chain: to.chain,
        after: to.after,
        kind: "attachment",
        label: `${t("photos")} ${i + 1}`,
        path: casePath(to, "attachments"),
        file,
      });
    }
    onClose();
  };
  return (
    <div class="sheet">
      <PhotoPicker photos={photos} onChange={setPhotos} />
      <div class="btns">
        <button type="button" class="primary" disabled={!photos.length} onClick={() => void save()}>
          {t("save")}
        </button>
        <button type="button" onClick={onClose}>
          {t("cancel")}
        </button>
      </div>
    </div>
  );
}
