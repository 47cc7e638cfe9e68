/** @jsxImportSource preact */
import { useState } from "preact/hooks";
import { api, fmt, submitted, type Tracking } from "../api";

const RATINGS = [
  ["satisfied", "满意"],
  ["basically_satisfied", "基本满意"],
  ["dissatisfied", "不满意"],
] as const;

// The last 4 phone digits, or the 6-digit 查询码 an anonymous report was given.
function proofOf(secret: string): { phoneLast4: string } | { pin: string } | null {
  if (/^\d{4}$/.test(secret)) return { phoneLast4: secret };
  if (/^\d{6}$/.test(secret)) return { pin: secret };
  return null;
}
const SECRET_MISSING = "请输入手机号后四位，或 6 位查询码";

function useTracking() {
  const [code, setCode] = useState(new URLSearchParams(location.search).get("code") ?? "");
  // Coming from the done page in the same tab: the 查询码 is already known.
  const [secret, setSecretRaw] = useState(() => submitted(code.trim())?.pin ?? "");
  const [t, setT] = useState<Tracking | null>(null);
  const [error, setError] = useState("");
  const [thanks, setThanks] = useState("");
  const [busy, setBusy] = useState(false);
  const proof = proofOf(secret.trim());
  const ask = { code: code.trim(), ...proof };
  const setSecret = (v: string) => {
    setSecretRaw(v);
    // A fixed entry takes its complaint away.
    if (error === SECRET_MISSING && proofOf(v.trim())) setError("");
  };
  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError("");
    await fn().catch((e: Error) => setError(e.message));
    setBusy(false);
  };
  const lookup = () => {
    if (!proof) return setError(SECRET_MISSING);
    setThanks("");
    return run(async () => setT(await api<Tracking>("/track", { body: ask })));
  };
  const rate = (rating: string, comment: string) =>
    run(async () => {
      await api("/track/rate", { body: { ...ask, rating, comment } });
      setThanks(
        rating === "dissatisfied"
          ? "感谢您的评价！您的意见已转交办理人员，事项将再次处理。"
          : "感谢您的评价！",
      );
      setT(await api<Tracking>("/track", { body: ask }));
    });
  return { code, setCode, secret, setSecret, t, error, thanks, busy, lookup, rate };
}

/** 进度查询: code + the phone's last 4 digits or the 查询码; once resolved, 满意/基本满意/不满意. */
export function TrackPage() {
  const s = useTracking();
  const value = (e: Event) => (e.currentTarget as HTMLInputElement).value;
  return (
    <main class="page">
      <h1>进度查询</h1>
      <form
        class="card"
        onSubmit={(e) => {
          e.preventDefault();
          void s.lookup();
        }}
      >
        <label>
          受理编号
          <input value={s.code} onInput={(e) => s.setCode(value(e))} placeholder="如 620702-261126-0000427" />
        </label>
        <label>
          手机号后四位（匿名反映填 6 位查询码）
          <input
            type="tel"
            inputMode="numeric"
            maxLength={6}
            autoComplete="off"
            value={s.secret}
            onInput={(e) => s.setSecret(value(e))}
          />
        </label>
        <button type="submit" class="primary" disabled={s.busy}>
          查询
        </button>
      </form>
      {s.error && (
        <p class="error" role="alert">
          {s.error}
        </p>
      )}
      {s.thanks && (
        <p class="thanks" role="status" data-testid="rating-thanks">
          {s.thanks}
        </p>
      )}
      {s.t && <Status t={s.t} onRate={s.rate} busy={s.busy} />}
    </main>
  );
}

function Status({ t, onRate, busy }: { t: Tracking; onRate: (r: string, c: string) => void; busy: boolean }) {
  return (
    <section class="card" data-testid="status">
      <p class="status">{t.statusText}</p>
      <p>办理单位：{t.unit}</p>
      {t.petition && (
        <div data-testid="petition">
          <p>信访办理阶段：{t.petition.stageText}</p>
          {t.petition.dueText && (
            <p>
              {t.petition.dueText}
              {t.petition.extended && "（已依法延长）"}
            </p>
          )}
          {t.petition.basis && <p class="hint">依据：{t.petition.basis}</p>}
        </div>
      )}
      {t.stepName && (
        <p>
          当前环节：{t.stepName}
          {t.stepDueAt && `（${fmt(t.stepDueAt)} 前）`}
        </p>
      )}
      <ol class="timeline">
        {t.timeline.map((m) => (
          <li key={m.at + m.label}>
            <span class="hint">{fmt(m.at)}</span> {m.label}
            {m.comment && <div class="hint">“{m.comment}”</div>}
          </li>
        ))}
      </ol>
      {t.canRate && <RatingForm onRate={onRate} busy={busy} />}
    </section>
  );
}

function RatingForm({ onRate, busy }: { onRate: (r: string, c: string) => void; busy: boolean }) {
  const [rating, setRating] = useState("");
  const [comment, setComment] = useState("");
  return (
    <div class="rate">
      <p>请您对办理结果进行评价：</p>
      <div class="tabs">
        {RATINGS.map(([v, label]) => (
          <button
            type="button"
            key={v}
            class={rating === v ? "on" : ""}
            aria-pressed={rating === v}
            onClick={() => setRating(v)}
          >
            {label}
          </button>
        ))}
      </div>
      <textarea
        rows={3}
        maxLength={500}
        placeholder={rating === "dissatisfied" ? "请告诉我们哪里不满意，我们将重新办理" : "您的意见（选填）"}
        value={comment}
        onInput={(e) => setComment((e.currentTarget as HTMLTextAreaElement).value)}
      />
      <button
        type="button"
        class="primary"
        disabled={!rating || busy}
        onClick={() => onRate(rating, comment)}
      >
        提交评价
      </button>
    </div>
  );
}
