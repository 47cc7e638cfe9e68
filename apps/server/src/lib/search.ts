import { Jieba } from "@node-rs/jieba";
import { dict } from "@node-rs/jieba/dict";

// Chinese full-text search: jieba segments in the app, PostgreSQL indexes the space-joined tokens
// with the 'simple' configuration (no stemming, no stop words: Chinese needs neither).
let jieba: Jieba | null = null;
function segmenter(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

const PUNCT = /^[\s\p{P}\p{S}]+$/u;

export function searchTokens(...texts: (string | null | undefined)[]): string {
  const words = new Set<string>();
  for (const text of texts) {
    if (!text) continue;
    for (const w of segmenter().cut(text, true)) {
      const t = w.trim().toLowerCase();
      if (t && !PUNCT.test(t)) words.add(t);
    }
  }
  return [...words].join(" ");
}

/** Tokens of a user's query, to be AND-ed in a tsquery. */
export function queryTokens(q: string): string[] {
  return searchTokens(q)
    .split(" ")
    .filter(Boolean)
    .map((t) => t.replace(/[':&|!()<>\\]/g, ""))
    .filter(Boolean);
}
