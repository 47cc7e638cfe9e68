import { describe, expect, it } from "vitest";
import { PASSWORD_MIN_LENGTH, passwordPolicyError, passwordProblems } from "./password";

const common = new Set(["password123", "qwertyuiop", "1qaz2wsx3edc"]);
const isCommon = (p: string) => common.has(p);

describe("passwordProblems", () => {
  it.each([
    ["fengqiao2026", "admin", []],
    ["test-password-1", "u_1", []],
    ["短密码a1", "u", ["too_short"]],
    ["abcdefghijkl", "u", ["one_class"]],
    ["123456789012", "u", ["one_class"]],
    ["枫桥经验就地化解矛盾纠纷", "u", ["one_class"]],
    ["Zhangsan2026", "zhangsan", ["username"]],
    ["zhangsan", "zhangsan", ["too_short", "one_class", "username"]],
    ["Password123", "u", ["common"]],
    ["1qaz2wsx3edc", "u", ["common"]],
    ["枫桥2026综治中心", "u", []],
  ])("%s (user %s) → %j", (password, username, problems) => {
    expect(passwordProblems(password, username, isCommon)).toEqual(problems);
  });

  it(`counts characters, not UTF-16 units: ${PASSWORD_MIN_LENGTH} emoji and a digit pass the length`, () => {
    expect(passwordProblems(`${"🔥".repeat(9)}1`, "u", isCommon)).toEqual([]);
  });

  it("words every broken rule in zh and en, with the codes in details", () => {
    const err = passwordPolicyError(["too_short", "common"]);
    expect(err?.code).toBe("INVALID_INPUT");
    expect(err?.messages.zh).toContain("至少 10 个字符");
    expect(err?.messages.en).toContain("common or breached");
    expect(err?.details).toEqual({ passwordProblems: ["too_short", "common"] });
    expect(passwordPolicyError([])).toBeNull();
  });
});
