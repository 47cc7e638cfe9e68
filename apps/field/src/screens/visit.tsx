/** @jsxImportSource preact */
import { useState } from "preact/hooks";
import { CATEGORIES } from "../../../../packages/core/src/categories";
import { type ApiError, isOffline, uuid } from "../api";
import { readCache } from "../db";
import { lang, t } from "../i18n";
import { type Loaded, load } from "../load";
import { link } from "../nav";
import { enqueue } from "../outbox";
import type { Me } from "../session";
import { Field, LoadError, PhotoPicker, Stale } from "./ui";

interface Household {
  id: string;
  code: string;
  gridCode: string;
  address: string;
  tags: string[];
  members: { id: string; relation: string; name: string; phone: string | null }[];
}

const HOUSEHOLDS_KEY = "hh:*";

/** Keeps my grid's (masked) household list on the phone, so a household is found with no network. */
export function keepHouseholds() {
  void load<{ items: Household[] }>("/field/households?limit=1000", HOUSEHOLDS_KEY).catch(() => undefined);
}

/** The server's search, on the phone: address, (masked) name, phone's last four digits. */
export function householdMatches(h: Household, q: string): boolean {
  if (!q) return true;
  if (h.address.includes(q)) return true;
  return h.members.some((m) => m.name.includes(q) || (/^\d{4}$/.test(q) && !!m.phone?.endsWith(q)));
}

const DISPUTES = CATEGORIES.filter((c) => c.family === "dispute");

/** "这是一件纠纷 → 立案": category and title; the visit's findings, photos and household go with it. */
export function ToCase({ chain, path, defaultTitle }: { chain: string; path: string; defaultTitle: string }) {
  const [open, setOpen] = useState(false);
  const [category, setCategory] = useState("neighbour");
  const [title, setTitle] = useState(defaultTitle);
  const [queued, setQueued] = useState<string | null>(null);
  if (queued)
    return (
      <>
        <p class="toast" data-testid="case-queued">
          {t("caseQueued")}
        </p>
        <a {...link(`/g/c/@${queued}`)} class="btn primary wide" data-testid="open-case">
          {t("openCase")}
        </a>
      </>
    );
  if (!open)
    return (
      <button type="button" class="primary wide" data-testid="to-case" onClick={() => setOpen(true)}>
        {t("toCase")}
      </button>
    );
  return (
    <form
      class="sheet"
      onSubmit={async (e) => {
        e.preventDefault();
        const id = await enqueue({
          chain,
          kind: chain.startsWith("visit:") ? "visitCase" : "resultCase",
          label: `${t("toCase")}：${title}`,
          path,
          body: { category, title: title.trim() || undefined },
        });
        setQueued(id);
      }}
    >
      <Field label={t("category")}>
        <select value={category} onChange={(e) => setCategory(e.currentTarget.value)} data-testid="category">
          {DISPUTES.map((c) => (
            <option key={c.code} value={c.code}>
              {lang() === "en" ? c.en : c.zh}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t("title")}>
        <input value={title} maxLength={200} onInput={(e) => setTitle(e.currentTarget.value)} />
      </Field>
      <button type="submit" class="primary wide" data-testid="to-case-submit">
        {t("submit")}
      </button>
    </form>
  );
}

export function HouseholdPicker({
  value,
  onPick,
}: {
  value: Household | null;
  onPick: (h: Household | null) => void;
}) {
  const [q, setQ] = useState("");
  const [res, setRes] = useState<Loaded<{ items: Household[] }>>();
  const [error, setError] = useState<ApiError>();
  const search = async (e: Event) => {
    e.preventDefault();
    const words = q.trim();
    try {
      const got = await load<{ items: Household[] }>(
        `/field/households?q=${encodeURIComponent(words)}`,
        `hh:${words}`,
      );
      setRes(got);
      setError(undefined);
    } catch (err) {
      // Offline and never searched for this: the grid's list kept on the phone, searched here.
      const all = isOffline(err) ? await readCache<{ items: Household[] }>(HOUSEHOLDS_KEY) : undefined;
      if (!all) return setError(err as ApiError);
      setRes({
        ...all,
        data: { items: all.data.items.filter((h) => householdMatches(h, words)) },
        stale: true,
      });
      setError(undefined);
    }
  };
  if (value)
    return (
      <div class="card picked" data-testid="household-picked">
        <b>{value.address}</b>
        <span class="hint">{value.members.map((m) => `${m.relation} ${m.name}`).join("、")}</span>
        <button type="button" onClick={() => onPick(null)}>
          {t("cancel")}
        </button>
      </div>
    );
  return (
    <div>
      <form class="search" onSubmit={search}>
        <input
          type="search"
          placeholder={t("searchHousehold")}
          aria-label={t("searchHousehold")}
          value={q}
          onInput={(e) => setQ(e.currentTarget.value)}
        />
        <button type="submit">{t("search")}</button>
      </form>
      <Stale value={res} />
      <LoadError error={error} />
      <ul class="list">
        {res?.data.items.map((h) => (
          <li key={h.id}>
            <button type="button" class="card" data-testid="household" onClick={() => onPick(h)}>
              <b>{h.address}</b>
              <span class="hint">
                {h.members.map((m) => `${m.relation} ${m.name}${m.phone ? ` ${m.phone}` : ""}`).join("、")}
                {h.tags.length ? ` · ${h.tags.join("、")}` : ""}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function VisitScreen({ me }: { me: Me }) {
  const [household, setHousehold] = useState<Household | null>(null);
  const [findings, setFindings] = useState("");
  const [photos, setPhotos] = useState<Blob[]>([]);
  const [loc, setLoc] = useState<{ lat: number; lng: number; accuracy: number } | null>(null);
  const [wantLoc, setWantLoc] = useState(false);
  const [saved, setSaved] = useState<{ id: string; findings: string } | null>(null);
  const [error, setError] = useState("");
  const locate = (on: boolean) => {
    setWantLoc(on);
    if (!on) return setLoc(null);
    navigator.geolocation?.getCurrentPosition(
      (p) =>
        setLoc({ lat: p.coords.latitude, lng: p.coords.longitude, accuracy: Math.round(p.coords.accuracy) }),
      () => {
        setLoc(null);
        setWantLoc(false);
      },
      { enableHighAccuracy: true, timeout: 15_000 },
    );
  };
  const save = async (e: Event) => {
    e.preventDefault();
    if (!findings.trim()) return setError(`${t("required")}: ${t("findings")}`);
    const id = uuid();
    const chain = `visit:${id}`;
    const photoIds: string[] = [];
    for (const [i, file] of photos.entries()) {
      photoIds.push(
        await enqueue({
          chain,
          kind: "photo",
          label: `${t("visit")} ${t("photos")} ${i + 1}`,
          path: "/field/photos",
          file,
        }),
      );
    }
    await enqueue({
      id,
      chain,
      kind: "visit",
      label: `${t("visit")}：${household?.address ?? findings.trim().slice(0, 30)}`,
      path: "/field/visits",
      body: {
        id,
        ...(household ? { householdId: household.id } : {}),
        gridCode: household?.gridCode ?? me.regionCode,
        visitedAt: new Date().toISOString(),
        findings: findings.trim(),
        photoIds: photoIds.map((p) => `@ref:${p}`),
        ...(loc ? { location: loc } : {}),
      },
    });
    setSaved({ id, findings: findings.trim() });
    setFindings("");
    setPhotos([]);
    setError("");
  };
  if (saved)
    return (
      <section data-testid="visit-saved">
        <h1>{t("visitSaved")}</h1>
        <p class="toast">{t("queued")}</p>
        <ToCase
          chain={`visit:${saved.id}`}
          path={`/field/visits/${saved.id}/case`}
          defaultTitle={saved.findings.slice(0, 30)}
        />
        <button type="button" class="wide" onClick={() => setSaved(null)}>
          {t("visit")} +
        </button>
      </section>
    );
  return (
    <section data-testid="visit">
      <h1>{t("visit")}</h1>
      <HouseholdPicker value={household} onPick={setHousehold} />
      {!household && <p class="hint">{t("noHousehold")}</p>}
      <form onSubmit={save}>
        <Field label={t("findings")}>
          <textarea
            rows={5}
            maxLength={5000}
            value={findings}
            onInput={(e) => setFindings(e.currentTarget.value)}
            data-testid="findings"
          />
        </Field>
        <PhotoPicker photos={photos} onChange={setPhotos} />
        <label class="check">
          <input type="checkbox" checked={wantLoc} onChange={(e) => locate(e.currentTarget.checked)} />
          {loc ? t("located", { m: loc.accuracy }) : t("location")}
        </label>
        {error && <p class="error">{error}</p>}
        <button type="submit" class="primary wide" data-testid="visit-save">
          {t("save")}
        </button>
      </form>
    </section>
  );
}
