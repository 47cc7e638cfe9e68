/** @jsxImportSource preact */
import { useCallback, useEffect, useState } from "preact/hooks";
import { ApiError, api, doneKey, newKey, type PlaceInfo, placeInfo, type Submitted } from "../api";
import { go } from "../nav";
import { PhotoPicker } from "./photo-picker";
import { ContactFields, type Form, type Kind } from "./report-fields";

const EMPTY: Form = {
  category: "",
  description: "",
  name: "",
  phone: "",
  anonymous: false,
  consent: false,
  website: "",
};

function check(f: Form): string {
  if (!f.category) return "请选择问题类型";
  if (f.description.trim().length < 5) return "请把情况写清楚一些（至少 5 个字）";
  if (!f.anonymous && !/^1\d{10}$/.test(f.phone.trim())) return "请填写 11 位手机号，或选择匿名反映";
  if (!f.consent) return "请阅读并同意个人信息保护说明";
  return "";
}

const bodyOf = (token: string, kind: Kind, f: Form, photos: string[]) => ({
  token,
  kind,
  category: f.category,
  description: f.description.trim(),
  photos: kind === "case" ? photos : [],
  anonymous: f.anonymous,
  ...(f.anonymous ? {} : { name: f.name.trim() || undefined, phone: f.phone.trim() }),
  consent: f.consent,
  website: f.website,
});

/** Submits once per filled-in form: the same key on every retry, so a dropped reply never makes two cases. */
function useSubmit(token: string) {
  const [key] = useState(newKey);
  const [error, setError] = useState("");
  // The form's own complaint, as opposed to the server's: it goes away once the form is fixed.
  const [invalid, setInvalid] = useState("");
  const [sending, setSending] = useState(false);
  const recheck = useCallback(
    (form: Form) => {
      if (invalid && check(form) !== invalid) {
        setInvalid("");
        setError("");
      }
    },
    [invalid],
  );
  const submit = async (kind: Kind, form: Form, photos: string[]) => {
    const problem = check(form);
    setInvalid(problem);
    if (problem) return setError(problem);
    setSending(true);
    setError("");
    try {
      const headers = { "idempotency-key": key };
      const body = bodyOf(token, kind, form, photos);
      const res = await api<Partial<Submitted> & { message: string }>("/reports", { headers, body });
      if (!res.code) return go("/m/thanks/");
      const done: Submitted = {
        code: res.code,
        pin: res.pin ?? "",
        statusText: res.statusText ?? "",
        message: res.message,
      };
      sessionStorage.setItem(doneKey(res.code), JSON.stringify(done));
      go(`/m/done/${encodeURIComponent(res.code)}`);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : "提交失败，请重试");
      setSending(false);
    }
  };
  return { submit, error, setError, sending, recheck };
}

/** 我要报事 / 我有话说 — the page a scanned 码上反映 poster opens. */
export function ReportPage({ token }: { token: string }) {
  const [info, setInfo] = useState<PlaceInfo | null>(null);
  const [kind, setKind] = useState<Kind>("case");
  const [form, setForm] = useState<Form>(EMPTY);
  const [photos, setPhotos] = useState<{ ids: string[]; busy: boolean }>({ ids: [], busy: false });
  const { submit, error, setError, sending, recheck } = useSubmit(token);
  useEffect(() => {
    placeInfo(token).then(setInfo, (e: Error) => setError(e.message));
  }, [token, setError]);
  useEffect(() => recheck(form), [form, recheck]);
  const onPhotos = useCallback((ids: string[], busy: boolean) => setPhotos({ ids, busy }), []);
  const set = (patch: Partial<Form>) => setForm((f) => ({ ...f, ...patch }));
  if (!info)
    return <main class="page">{error ? <p class="error">{error}</p> : <p class="hint">加载中…</p>}</main>;
  const busy = kind === "case" && photos.busy;
  return (
    <main class="page">
      <h1>码上反映</h1>
      <p class="hint">
        {info.village?.name} · {info.grid.name} · {info.place.name}
      </p>
      <KindTabs kind={kind} setKind={setKind} />
      <div id="report-panel" role="tabpanel" aria-labelledby={`tab-${kind}`}>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void submit(kind, form, photos.ids);
          }}
        >
          <TopicFields info={info} kind={kind} form={form} set={set} />
          {kind === "case" && <PhotoPicker onChange={onPhotos} />}
          <ContactFields kind={kind} form={form} set={set} callbackMinutes={info.callbackMinutes} />
          {error && (
            <p class="error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" class="primary" disabled={sending || busy} data-testid="submit">
            {sending ? "正在提交…" : busy ? "照片上传中…" : "提交"}
          </button>
        </form>
      </div>
    </main>
  );
}

const KINDS: [Kind, string][] = [
  ["case", "我要报事"],
  ["opinion", "我有话说"],
];

/** The ARIA tabs pattern: one tab stop, arrow keys move between the two, the form is the panel. */
function KindTabs({ kind, setKind }: { kind: Kind; setKind: (k: Kind) => void }) {
  const onKey = (e: KeyboardEvent) => {
    if (e.key !== "ArrowLeft" && e.key !== "ArrowRight") return;
    e.preventDefault();
    const next = kind === "case" ? "opinion" : "case";
    setKind(next);
    document.getElementById(`tab-${next}`)?.focus();
  };
  return (
    <div class="tabs" role="tablist" aria-label="反映类型" onKeyDown={onKey}>
      {KINDS.map(([k, label]) => (
        <button
          type="button"
          role="tab"
          id={`tab-${k}`}
          key={k}
          aria-selected={kind === k}
          aria-controls="report-panel"
          tabIndex={kind === k ? 0 : -1}
          class={kind === k ? "on" : ""}
          onClick={() => setKind(k)}
        >
          {label}
        </button>
      ))}
    </div>
  );
}

function TopicFields(p: { info: PlaceInfo; kind: Kind; form: Form; set: (patch: Partial<Form>) => void }) {
  const value = (e: Event) => (e.currentTarget as HTMLInputElement).value;
  return (
    <>
      <label>
        {p.kind === "case" ? "问题类型" : "意见类别"}
        <select value={p.form.category} onChange={(e) => p.set({ category: value(e) })}>
          <option value="">请选择</option>
          {p.info.families.map((f) => (
            <optgroup label={f.name} key={f.code}>
              {p.info.categories
                .filter((c) => c.family === f.code)
                .map((c) => (
                  <option value={c.code} key={c.code}>
                    {c.name}
                  </option>
                ))}
            </optgroup>
          ))}
        </select>
      </label>
      <label>
        {p.kind === "case" ? "情况描述" : "您的意见建议"}
        <textarea
          rows={5}
          maxLength={2000}
          value={p.form.description}
          onInput={(e) => p.set({ description: value(e) })}
        />
      </label>
    </>
  );
}
