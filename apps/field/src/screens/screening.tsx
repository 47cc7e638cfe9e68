/** @jsxImportSource preact */
import { useState } from "preact/hooks";
import { uuid } from "../api";
import { t } from "../i18n";
import { load, useLoad } from "../load";
import { link } from "../nav";
import { enqueue } from "../outbox";
import type { Me } from "../session";
import { countdown, Field, LoadError, Stale } from "./ui";
import { ToCase } from "./visit";

interface CampaignDue {
  id: string;
  title: string;
  dueAt: string;
  done: number;
  total: number;
}
interface Campaign extends CampaignDue {
  kind: string;
  checklist: { key: string; label: string }[];
  households?: { id: string; address: string; done: boolean }[];
}

export function ScreeningScreen() {
  const q = useLoad(() => load<{ items: CampaignDue[] }>("/field/campaigns", "campaigns"), []);
  return (
    <section data-testid="screening">
      <h1>{t("campaigns")}</h1>
      <Stale value={q.value} />
      <LoadError error={q.error} />
      {q.value?.data.items.length === 0 && <p class="hint">{t("noCampaigns")}</p>}
      <ul class="list">
        {q.value?.data.items.map((c) => (
          <li key={c.id}>
            <a {...link(`/g/screen/${c.id}`)} class="card">
              <b>{c.title}</b>
              <span class="hint">
                {c.done}/{c.total} · {countdown(c.dueAt)?.text}
              </span>
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** One household's checklist: answers, positive or not, a note; a positive one becomes a case in one tap. */
function Checklist({
  c,
  householdId,
  onDone,
}: {
  c: Campaign;
  householdId: string | null;
  onDone: () => void;
}) {
  const [answers, setAnswers] = useState<Record<string, boolean>>({});
  const [positive, setPositive] = useState(false);
  const [note, setNote] = useState("");
  const [place, setPlace] = useState("");
  const [saved, setSaved] = useState<string | null>(null);
  if (saved)
    return (
      <div class="sheet">
        <p class="toast">{t("queued")}</p>
        {positive && (
          <ToCase
            chain={`result:${saved}`}
            path={`/field/campaign-results/${saved}/case`}
            defaultTitle={`${c.title}：${note || ""}`.slice(0, 60)}
          />
        )}
        <button type="button" class="wide" onClick={onDone} data-testid="result-back">
          {t("back")}
        </button>
      </div>
    );
  return (
    <form
      class="sheet"
      onSubmit={async (e) => {
        e.preventDefault();
        const id = uuid();
        await enqueue({
          id,
          chain: `result:${id}`,
          kind: "result",
          label: `${c.title}${positive ? ` · ${t("positive")}` : ""}`,
          path: `/field/campaigns/${c.id}/results`,
          body: {
            id,
            ...(householdId ? { householdId } : { place: place.trim() }),
            answers,
            positive,
            ...(note.trim() ? { note: note.trim() } : {}),
          },
        });
        setSaved(id);
      }}
    >
      <h2>{t("checklist")}</h2>
      {!householdId && (
        <Field label={t("place")}>
          <input value={place} onInput={(e) => setPlace(e.currentTarget.value)} required />
        </Field>
      )}
      {c.checklist.map((item) => (
        <label key={item.key} class="check">
          <input
            type="checkbox"
            checked={!!answers[item.key]}
            onChange={(e) => setAnswers({ ...answers, [item.key]: e.currentTarget.checked })}
          />
          {item.label}
        </label>
      ))}
      <label class="check strong">
        <input type="checkbox" checked={positive} onChange={(e) => setPositive(e.currentTarget.checked)} />
        {t("positive")}
      </label>
      <Field label={t("note")}>
        <textarea rows={3} maxLength={2000} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      </Field>
      <button type="submit" class="primary wide" data-testid="result-save">
        {t("save")}
      </button>
    </form>
  );
}

export function CampaignScreen({ id }: { id: string; me: Me }) {
  const q = useLoad(
    () => load<Campaign>(`/field/campaigns/${encodeURIComponent(id)}`, `campaign:${id}`),
    [id],
  );
  const [pick, setPick] = useState<string | null | undefined>(undefined);
  const c = q.value?.data;
  return (
    <section>
      <a {...link("/g/screen")} class="back">
        ‹ {t("back")}
      </a>
      <Stale value={q.value} />
      <LoadError error={q.error} />
      {c && (
        <>
          <h1>{c.title}</h1>
          <p class="hint">
            {c.done}/{c.total} · {countdown(c.dueAt)?.text}
          </p>
          {pick !== undefined ? (
            <Checklist c={c} householdId={pick} onDone={() => setPick(undefined)} />
          ) : (
            <ul class="list">
              {c.households?.map((h) => (
                <li key={h.id}>
                  <button type="button" class="card" onClick={() => setPick(h.id)} data-testid="door">
                    <b>{h.address}</b>
                    <span class={h.done ? "tag ok" : "tag"}>{h.done ? t("done") : "—"}</span>
                  </button>
                </li>
              ))}
              <li>
                <button type="button" class="card" onClick={() => setPick(null)}>
                  {t("place")}
                </button>
              </li>
            </ul>
          )}
        </>
      )}
    </section>
  );
}
