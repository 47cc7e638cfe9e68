/** @jsxImportSource preact */
import { useEffect, useState } from "preact/hooks";
import { mdhm, t, tx } from "../i18n";
import { load, useLoad } from "../load";
import { link } from "../nav";
import { enqueue, listItems, onOutbox } from "../outbox";
import type { OutboxItem } from "../outbox-logic";
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

function ActionForm({ c, type, onClose }: { c: CaseDetail; type: string; onClose: () => void }) {
  const fields = FIELDS[type] ?? [];
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
    const body: Record<string, unknown> = { type, version: c.version };
    for (const f of fields) {
      if (f === "photos") continue;
      const val = v[f];
      if (val === null || (typeof val === "string" && !val.trim()))
        return setError(`${t("required")}: ${t(f)}`);
      body[f] = typeof val === "string" ? val.trim() : val;
    }
    const words = (body.text ?? body.summary ?? body.reason ?? "") as string;
    const chain = `case:${c.code}`;
    await enqueue({
      chain,
      kind: "command",
      label: `${tx("act_", type)}${words ? `：${words.slice(0, 40)}` : ""}`,
      path: `/cases/${encodeURIComponent(c.code)}/commands`,
      body,
    });
    for (const [i, file] of photos.entries()) {
      await enqueue({
        chain,
        kind: "attachment",
        label: `${t("signedPaper")} ${i + 1}`,
        path: `/cases/${encodeURIComponent(c.code)}/attachments`,
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

export function CaseScreen({ code }: { code: string }) {
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
              <AttachForm code={c.code} onClose={() => setOpen(null)} />
            ) : (
              <ActionForm
                c={c}
                type={open}
                onClose={() => {
                  setOpen(null);
                  setToast(t("queued"));
                }}
              />
            )
          ) : (
            <div class="actions" data-testid="case-actions">
              {actions.map((a) => (
                <button
                  type="button"
                  key={a}
                  data-action={a}
                  class={a === "escalate" ? "danger" : a === "accept" ? "primary" : ""}
                  onClick={() => setOpen(a)}
                >
                  {tx("act_", a)}
                </button>
              ))}
            </div>
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

function AttachForm({ code, onClose }: { code: string; onClose: () => void }) {
  const [photos, setPhotos] = useState<Blob[]>([]);
  const save = async () => {
    for (const [i, file] of photos.entries()) {
      await enqueue({
        chain: `case:${code}`,
        kind: "attachment",
        label: `${t("photos")} ${i + 1}`,
        path: `/cases/${encodeURIComponent(code)}/attachments`,
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
