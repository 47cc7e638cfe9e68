import { describe, expect, it } from "vitest";
import { ZCasesSimilarQuery } from "./console-schemas";
import { isSafeText, ZCaseCommandBody, ZCaseCreate, ZCaseListQuery, ZLogin, ZText } from "./schemas";

describe("the shared text rule", () => {
  it.each([
    ["plain Chinese", "邻里纠纷，楼上漏水"],
    ["tab, newline and carriage return", "第一行\r\n第二行\t完"],
    ["an emoji (a valid surrogate pair)", "楼道堆物 😡"],
    ["empty", ""],
  ])("accepts %s", (_name, value) => {
    expect(isSafeText(value)).toBe(true);
    expect(ZText.safeParse(value).success).toBe(true);
  });

  it.each([
    ["NUL", "a\u0000b"],
    ["bell", "a\u0007b"],
    ["vertical tab", "a\u000Bb"],
    ["form feed", "a\u000Cb"],
    ["escape", "a\u001Bb"],
    ["DEL", "a\u007Fb"],
    ["a lone high surrogate", "a\uD83Db"],
    ["a lone low surrogate", "a\uDE00b"],
    ["a high surrogate at the end", "a\uD83D"],
    ["U+FFFE", "a\uFFFEb"],
    ["U+FFFF", "a\uFFFF"],
  ])("refuses %s", (_name, value) => {
    expect(isSafeText(value)).toBe(false);
    expect(ZText.safeParse(value).success).toBe(false);
  });

  const caseBody = {
    channel: "walk_in",
    category: "neighbour",
    title: "t",
    description: "d",
    regionCode: "620101",
  };
  it.each([
    ["a case title", () => ZCaseCreate.safeParse({ ...caseBody, title: "t\u0000" })],
    ["a case description", () => ZCaseCreate.safeParse({ ...caseBody, description: "d\u0000" })],
    [
      "a party name",
      () => ZCaseCreate.safeParse({ ...caseBody, parties: [{ role: "applicant", name: "张\u0000" }] }),
    ],
    ["a reporter name", () => ZCaseCreate.safeParse({ ...caseBody, reporter: { name: "张\u0000" } })],
    ["a note", () => ZCaseCommandBody.safeParse({ type: "note", version: 1, text: "x\u0000" })],
    ["the search query", () => ZCaseListQuery.safeParse({ q: "\u0000" })],
    ["a login username", () => ZLogin.safeParse({ username: "a\u0000", password: "secret" })],
    ["the similar-case text", () => ZCasesSimilarQuery.safeParse({ text: "x\u0000" })],
  ])("is applied to %s", (_name, parse) => {
    expect(parse().success).toBe(false);
  });

  it("keeps \\r\\n inside a description as sent", () => {
    const r = ZCaseCreate.parse({ ...caseBody, description: " 一\r\n二 " });
    expect(r.description).toBe("一\r\n二");
  });
});
