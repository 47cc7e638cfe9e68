/** @jsxImportSource preact */
import { useEffect, useState } from "preact/hooks";
import { t } from "../i18n";
import { listItems, onOutbox, syncNow } from "../outbox";
import type { OutboxItem } from "../outbox-logic";
import { ItemRow } from "./ui";

/** Every write the phone holds, in the order it goes; conflicts and refusals wait here for the worker. */
export function OutboxScreen() {
  const [items, setItems] = useState<OutboxItem[]>([]);
  useEffect(() => {
    const read = () =>
      void listItems().then((all) => setItems(all.sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0))));
    read();
    // Back-off countdowns tick while the screen is open.
    const timer = setInterval(read, 1000);
    const off = onOutbox(read);
    return () => {
      clearInterval(timer);
      off();
    };
  }, []);
  const open = items.filter((i) => i.state !== "done");
  const stuck = open.filter((i) => i.state === "conflict" || i.state === "rejected");
  return (
    <section data-testid="outbox">
      <h1>{t("outbox")}</h1>
      <button type="button" class="wide" onClick={() => void syncNow()} data-testid="sync-now">
        {t("syncNow")}
      </button>
      {stuck.length > 0 && <h2 class="late">{t("conflictTitle")}</h2>}
      {items.length === 0 && <p class="hint">{t("outboxEmpty")}</p>}
      <ul class="list">
        {[
          ...stuck,
          ...open.filter((i) => !stuck.includes(i)),
          ...items.filter((i) => i.state === "done").reverse(),
        ].map((i) => (
          <ItemRow key={i.seq} item={i} />
        ))}
      </ul>
    </section>
  );
}
