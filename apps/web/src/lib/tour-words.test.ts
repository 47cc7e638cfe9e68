import { describe, expect, it } from "vitest";
import { en } from "../i18n/en";
import { zh } from "../i18n/zh";
import { eventKey } from "./event-words";

// 有事找警察 and 旅游警务 write these events to a case's timeline (core's tour.ts): each needs a
// sentence in both languages.
const TYPES = [
  "police.routed",
  "tourism.received",
  "tourism.answer_warned",
  "tourism.answer_overdue",
  "tourism.answered",
];
const lookup = (messages: object, key: string): unknown =>
  key.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], messages);

describe("tour timeline words", () => {
  it.each(TYPES)("%s has a zh and an en sentence", (type) => {
    expect(typeof lookup(zh, eventKey(type))).toBe("string");
    expect(typeof lookup(en, eventKey(type))).toBe("string");
  });
});
