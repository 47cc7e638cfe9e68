/** @jsxImportSource preact */
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { CardPage } from "./pages/card";
import { DonePage, ThanksPage } from "./pages/done";
import { ReportPage } from "./pages/report";
import { TrackPage } from "./pages/track";
import "./style.css";

function App() {
  const [path, setPath] = useState(location.pathname);
  useEffect(() => {
    const on = () => setPath(location.pathname);
    addEventListener("popstate", on);
    return () => removeEventListener("popstate", on);
  }, []);
  const [, page, arg] = /^\/m\/([a-z]+)\/?([^/]*)/.exec(path) ?? [];
  const param = decodeURIComponent(arg ?? "");
  if (page === "p" && param) return <ReportPage token={param} />;
  if (page === "done" && param) return <DonePage code={param} />;
  if (page === "v" && param) return <CardPage code={param} />;
  if (page === "thanks") return <ThanksPage />;
  return <TrackPage />;
}

const root = document.getElementById("app");
if (root) render(<App />, root);
