/** @jsxImportSource preact */
import { useEffect, useState } from "preact/hooks";
import { api } from "../api";

interface Card {
  village: { name: string };
  township: string | null;
  households: number | null;
  members: { title: string; name: string; workPhone: string | null; police: boolean }[];
  reportUrl: string | null;
}

/** 便民联系卡: "有事找书记，有事找警察", with phones one tap away. */
export function CardPage({ code }: { code: string }) {
  const [card, setCard] = useState<Card | null>(null);
  const [error, setError] = useState("");
  useEffect(() => {
    api<Card>(`/villages/${encodeURIComponent(code)}/card`).then(setCard, (e: Error) => setError(e.message));
  }, [code]);
  if (error)
    return (
      <main class="page">
        <p class="error">{error}</p>
      </main>
    );
  if (!card)
    return (
      <main class="page">
        <p class="hint">加载中…</p>
      </main>
    );
  return (
    <main class="page">
      <h1>
        {card.township}
        {card.village.name} 便民联系卡
      </h1>
      <p class="hint">有事找书记，有事找警察</p>
      {card.members.map((m) => (
        <div class="card row" key={m.name}>
          <div>
            <b>{m.name}</b> <span class="hint">{m.title}</span>
          </div>
          {m.workPhone && (
            <a class="call" href={`tel:${m.workPhone.replace(/[^\d]/g, "")}`}>
              拨打 {m.workPhone}
            </a>
          )}
        </div>
      ))}
      {card.reportUrl && (
        <a class="primary block" href={card.reportUrl}>
          我要反映问题
        </a>
      )}
    </main>
  );
}
