/** @jsxImportSource preact */
import { useState } from "preact/hooks";
import { api, isOffline, setCsrf } from "../api";
import { clearCache } from "../db";
import { hhmm, lang, setLang, t, ymd } from "../i18n";
import { load, useLoad } from "../load";
import { listItems } from "../outbox";
import { forgetUser, type Me } from "../session";
import { LoadError, Stale } from "./ui";

interface Device {
  id: string;
  name: string;
  createdAt: string;
  lastSeenAt: string;
  current: boolean;
}

export function MeScreen({ me }: { me: Me }) {
  const q = useLoad(() => load<{ items: Device[] }>("/auth/devices", "devices"), []);
  const [error, setError] = useState("");
  const revoke = async (id: string) => {
    try {
      await api(`/auth/devices/${encodeURIComponent(id)}`, { method: "DELETE" });
      q.reload();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  const logout = async () => {
    const waiting = (await listItems()).filter((i) => i.state !== "done").length;
    if (waiting && !confirm(t("logoutWarn", { n: waiting }))) return;
    let offline = false;
    try {
      await api("/auth/logout", { method: "POST", body: {} });
    } catch (e) {
      // Offline: the phone forgets the user now; the session ends when the server is reached again.
      offline = isOffline(e);
    }
    forgetUser(offline);
    setCsrf(null);
    await clearCache();
    location.assign("/g/");
  };
  return (
    <section data-testid="me">
      <h1>{me.displayName}</h1>
      <p class="hint">
        {me.username} · {me.regionCode}
      </p>
      <button
        type="button"
        class="wide"
        onClick={() => setLang(lang() === "en" ? "zh-CN" : "en")}
        data-testid="lang"
      >
        {t("language")}
      </button>
      <h2>{t("devices")}</h2>
      <Stale value={q.value} />
      <LoadError error={q.error} />
      {error && <p class="error">{error}</p>}
      <ul class="list">
        {q.value?.data.items.map((d) => (
          <li key={d.id} class="card" data-testid="device">
            <b>
              {d.name}
              {d.current ? ` · ${t("current")}` : ""}
            </b>
            <span class="hint">
              {t("lastSeen")} {ymd(d.lastSeenAt)} {hhmm(Date.parse(d.lastSeenAt))}
            </span>
            {!d.current && (
              <button type="button" onClick={() => void revoke(d.id)}>
                {t("revoke")}
              </button>
            )}
          </li>
        ))}
      </ul>
      <button type="button" class="danger wide" onClick={() => void logout()} data-testid="logout">
        {t("logout")}
      </button>
    </section>
  );
}
