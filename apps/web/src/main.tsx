import { createRoot } from "react-dom/client";
import { initI18n } from "./i18n";
import { Root } from "./root";
import "./styles.css";

void initI18n().then(() => {
  const el = document.getElementById("root");
  if (!el) throw new Error("#root missing");
  createRoot(el).render(<Root />);
});
