/** @jsxImportSource preact */
import { api, isMissing } from "../api";
import { writeCache } from "../db";
import { t, tx, ymd } from "../i18n";
import { type Loaded, load, useLoad } from "../load";
import { link } from "../nav";
import type { Me } from "../session";
import { caseCountdown, countdown, LoadError, Stale } from "./ui";
import { keepHouseholds } from "./visit";

export interface CaseSummary {
  code: string;
  title: string;
  status: string;
  step: number;
  warning: string;
  stepDueAt: string | null;
  regionName: string | null;
  version: number;
}
interface Visit {
  id: string;
  householdAddress: string | null;
  visitedAt: string;
  findings: string;
}
interface CampaignDue {
  id: string;
  title: string;
  dueAt: string;
  done: number;
  total: number;
}
export interface Today {
  grids: { code: string; name: string }[];
  cases: CaseSummary[];
  /** The resident police officer's 治安 queue (their villages' public-order cases, cases routed to them). */
  police?: CaseSummary[];
  visitsPlanned: Visit[];
  campaigns: CampaignDue[];
  /** Built from GET /cases because this server has no GET /field/today yet. */
  fallback?: boolean;
}

const OPEN = "submitted,accepted,mediating,paused";

/** GET /field/today; on a server without it, my region's open cases from the case list. */
async function loadToday(me: Me): Promise<Loaded<Today>> {
  try {
    return await load<Today>("/field/today", "today");
  } catch (e) {
    if (!isMissing(e)) throw e;
    const page = await api<{ items: CaseSummary[] }>(
      `/cases?region=${encodeURIComponent(me.regionCode)}&status=${OPEN}&sort=due&limit=100`,
    );
    const data: Today = { grids: [], cases: page.items, visitsPlanned: [], campaigns: [], fallback: true };
    await writeCache("today", data);
    return { data, at: Date.now(), stale: false };
  }
}

function CaseList({ cases }: { cases: CaseSummary[] }) {
  return (
    <ul class="list">
      {cases.map((c) => {
        const cd = caseCountdown(c);
        return (
          <li key={c.code}>
            <a
              {...link(`/g/c/${encodeURIComponent(c.code)}`)}
              class="card"
              data-testid="case-card"
              data-code={c.code}
            >
              <span class={`dot ${c.warning}`} aria-hidden="true" />
              <b>{c.title}</b>
              <span class="hint">
                {c.code} · {tx("status_", c.status)} · {t("step", { n: c.step })}
              </span>
              {cd && <span class={cd.late ? "late" : "due"}>{cd.text}</span>}
            </a>
          </li>
        );
      })}
    </ul>
  );
}

let kept = false;

export function TodayScreen({ me }: { me: Me }) {
  const q = useLoad(() => loadToday(me), [me.id]);
  // Once a session, while online: the grid's households for searching offline.
  if (!kept && q.value && !q.value.stale) {
    kept = true;
    keepHouseholds();
  }
  const d = q.value?.data;
  return (
    <section data-testid="today">
      <h1>{t("today")}</h1>
      <Stale value={q.value} />
      <LoadError error={q.error} />
      {!q.value && !q.error && <p class="hint">{t("loading")}</p>}
      {d?.fallback && <p class="hint">{t("fallbackToday")}</p>}
      {d?.police && (
        <section data-testid="police-queue">
          <h2>{t("policeQueue")}</h2>
          {d.police.length === 0 && <p class="hint">{t("noCases")}</p>}
          <CaseList cases={d.police} />
        </section>
      )}
      <h2>{t("myCases")}</h2>
      {d && d.cases.length === 0 && <p class="hint">{t("noCases")}</p>}
      <CaseList cases={d?.cases ?? []} />
      {!!d?.visitsPlanned.length && (
        <>
          <h2>{t("visitsPlanned")}</h2>
          <ul class="list">
            {d.visitsPlanned.map((v) => (
              <li key={v.id} class="card">
                <b>{v.householdAddress ?? "—"}</b>
                <span class="hint">{ymd(v.visitedAt)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      {!!d?.campaigns.length && (
        <>
          <h2>{t("campaignsDue")}</h2>
          <ul class="list">
            {d.campaigns.map((c) => (
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
        </>
      )}
    </section>
  );
}
