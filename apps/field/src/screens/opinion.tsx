/** @jsxImportSource preact */
import { useState } from "preact/hooks";
import { uuid } from "../api";
import { t } from "../i18n";
import { enqueue } from "../outbox";
import type { Me } from "../session";
import { Field } from "./ui";

/** 社情民意: heard in the field, kept apart from cases (POST /field/opinions). */
export function OpinionScreen({ me }: { me: Me }) {
  const [topic, setTopic] = useState("");
  const [content, setContent] = useState("");
  const [done, setDone] = useState(false);
  return (
    <section data-testid="opinion">
      <h1>{t("opinion")}</h1>
      <p class="hint">{t("opinionHint")}</p>
      {done && <p class="toast">{t("queued")}</p>}
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          if (!topic.trim() || !content.trim()) return;
          const id = uuid();
          await enqueue({
            id,
            chain: `opinion:${id}`,
            kind: "opinion",
            label: `${t("opinion")}：${topic.trim()}`,
            path: "/field/opinions",
            body: { id, gridCode: me.regionCode, topic: topic.trim(), content: content.trim() },
          });
          setTopic("");
          setContent("");
          setDone(true);
        }}
      >
        <Field label={t("topic")}>
          <input value={topic} maxLength={200} required onInput={(e) => setTopic(e.currentTarget.value)} />
        </Field>
        <Field label={t("content")}>
          <textarea
            rows={6}
            maxLength={5000}
            required
            value={content}
            onInput={(e) => setContent(e.currentTarget.value)}
          />
        </Field>
        <button type="submit" class="primary wide">
          {t("save")}
        </button>
      </form>
    </section>
  );
}
