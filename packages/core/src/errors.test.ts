import { describe, expect, it } from "vitest";
import { AppError, DEFAULT_MESSAGES, ERROR_CODES, isAppError } from "./errors";

describe("AppError", () => {
  it.each(ERROR_CODES)("%s has Chinese and English defaults", (code) => {
    const e = new AppError(code);
    expect(e.code).toBe(code);
    expect(e.messages).toEqual(DEFAULT_MESSAGES[code]);
    expect(e.message).toBe(DEFAULT_MESSAGES[code].en);
    expect(e.messages.zh).toMatch(/[\u4e00-\u9fff]/);
  });

  it.each([
    [{ zh: "自定义" }, { zh: "自定义", en: DEFAULT_MESSAGES.CONFLICT.en }],
    [{ en: "custom" }, { zh: DEFAULT_MESSAGES.CONFLICT.zh, en: "custom" }],
    [
      { zh: undefined, en: "custom" },
      { zh: DEFAULT_MESSAGES.CONFLICT.zh, en: "custom" },
    ],
  ])("merges partial messages %j", (partial, expected) => {
    const e = new AppError("CONFLICT", partial, { version: 3 });
    expect(e.messages).toEqual(expected);
    expect(e.message).toBe(expected.en);
    expect(e.details).toEqual({ version: 3 });
  });

  it.each([
    [new AppError("FORBIDDEN"), true],
    [Object.assign(new Error("x"), { code: "FORBIDDEN", messages: { zh: "", en: "" } }), true],
    [Object.assign(new Error("x"), { code: "ENOENT", messages: { zh: "", en: "" } }), false],
    [new Error("plain"), false],
    [{ code: "FORBIDDEN", messages: {} }, false],
    [null, false],
    ["FORBIDDEN", false],
  ])("isAppError(%o) is %s", (value, expected) => {
    expect(isAppError(value)).toBe(expected);
  });
});
