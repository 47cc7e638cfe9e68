/** @jsxImportSource preact */
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { hhmm, onLang, t } from "./i18n";
import { netState, onNet } from "./load";
import { link } from "./nav";
import { listItems, onOutbox, startOutbox } from "./outbox";
import { CaseScreen } from "./screens/case";
import { FirstPasswordScreen } from "./screens/first-password";
import { LoginScreen } from "./screens/login";
import { MeScreen } from "./screens/me";
import { OpinionScreen } from "./screens/opinion";
import { OutboxScreen } from "./screens/outbox";
import { CampaignScreen, ScreeningScreen } from "./screens/screening";
import { TodayScreen } from "./screens/today";
import { VisitScreen } from "./screens/visit";
import { type Me, whoAmI } from "./session";
import "./style.css";

function usePath() {
  const [path, setPath] = useState(location.pathname);
  useEffect(() => {
    const on = () => {
      setPath(location.pathname);
      scrollTo(0, 0);
    };
    addEventListener("popstate", on);
    return () => removeEventListener("popstate", on);
  }, []);
  return path;
}

/** Re-render on language, network and outbox changes: the header and the tab badge follow them. */
function useTicks() {
  const [, set] = useState(0);
  useEffect(() => {
    const bump = () => set((n) => n + 1);
    const offs = [onLang(bump), onNet(bump), onOutbox(bump)];
    return () => {
      for (const off of offs) off();
    };
  }, []);
}

function Header() {
  const { offline, lastOk } = netState();
  return (
    <header class="top">
      <span class="brand">{t("app")}</span>
      <span class={offline ? "net off" : "net on"} data-testid="net">
        {offline ? `${t("offline")} · ${t("lastSync")} ${lastOk ? hhmm(lastOk) : t("never")}` : t("online")}
      </span>
    </header>
  );
}

function Tabs({ path, waiting }: { path: string; waiting: number }) {
  const tab = (to: string, label: string, testid: string, badge?: number) => {
    const on =
      to === "/g/" ? path === "/g/" || path === "/g" || path.startsWith("/g/c/") : path.startsWith(to);
    return (
      <a {...link(to)} class={on ? "tab on" : "tab"} data-testid={testid}>
        {label}
        {badge ? <b class="badge">{badge}</b> : null}
      </a>
    );
  };
  return (
    <nav class="tabs">
      {tab("/g/", t("today"), "tab-today")}
      {tab("/g/visit", t("visit"), "tab-visit")}
      {tab("/g/screen", t("screen"), "tab-screen")}
      {tab("/g/opinion", t("opinion"), "tab-opinion")}
      {tab("/g/outbox", t("outboxTab"), "tab-outbox", waiting)}
      {tab("/g/me", t("me"), "tab-me")}
    </nav>
  );
}

function Route({ path, me }: { path: string; me: Me }) {
  const [, page, arg] = /^\/g\/([a-z]+)\/?([^/]*)/.exec(path) ?? [];
  const param = decodeURIComponent(arg ?? "");
  if (page === "c" && param) return <CaseScreen code={param} />;
  if (page === "visit") return <VisitScreen me={me} />;
  if (page === "screen" && param) return <CampaignScreen id={param} me={me} />;
  if (page === "screen") return <ScreeningScreen />;
  if (page === "opinion") return <OpinionScreen me={me} />;
  if (page === "outbox") return <OutboxScreen />;
  if (page === "me") return <MeScreen me={me} />;
  return <TodayScreen me={me} />;
}

// Asked at once, not after the first paint: on 3G every round trip started early is time saved.
const firstMe = whoAmI();

function App() {
  useTicks();
  const path = usePath();
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [waiting, setWaiting] = useState(0);
  useEffect(() => {
    firstMe.then(setMe, () => setMe(null));
    const count = () =>
      void listItems().then((items) => setWaiting(items.filter((i) => i.state !== "done").length));
    count();
    return onOutbox(count);
  }, []);
  if (me === undefined) return <p class="page hint">{t("loading")}</p>;
  if (me === null) return <LoginScreen onDone={setMe} />;
  if (me.mustChangePassword) return <FirstPasswordScreen me={me} onDone={setMe} />;
  return (
    <>
      <Header />
      <main class="page" data-testid="app">
        <Route path={path} me={me} />
      </main>
      <Tabs path={path} waiting={waiting} />
    </>
  );
}

const root = document.getElementById("app");
if (root) render(<App />, root);
startOutbox();
if ("serviceWorker" in navigator) {
  // The app shell in the phone's cache: the app opens in a field with no signal (public/sw.js).
  // Registered once the page has loaded, so its downloads do not slow the first screen on 3G.
  const register = () =>
    void navigator.serviceWorker.register("/g/sw.js", { scope: "/g/" }).catch(() => undefined);
  if (document.readyState === "complete") register();
  else addEventListener("load", register, { once: true });
}
