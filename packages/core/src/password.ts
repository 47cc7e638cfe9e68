import { AppError } from "./errors";

// The password policy for staff accounts (issue 13): long enough, not one kind of character, not
// the username, not on a list of passwords known from breaches. The list is data the caller brings
// (the server bundles one), so this stays pure.

export const PASSWORD_MIN_LENGTH = 10;

export type PasswordProblem = "too_short" | "one_class" | "username" | "common";

const CLASSES = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/];

export function passwordProblems(
  password: string,
  username: string,
  isCommon: (normalised: string) => boolean,
): PasswordProblem[] {
  const out: PasswordProblem[] = [];
  if ([...password].length < PASSWORD_MIN_LENGTH) out.push("too_short");
  if (CLASSES.filter((c) => c.test(password)).length < 2) out.push("one_class");
  const p = password.toLowerCase();
  const u = username.trim().toLowerCase();
  if (u.length > 0 && (p === u || (u.length >= 4 && p.includes(u)))) out.push("username");
  if (isCommon(p)) out.push("common");
  return out;
}

const WORDS: Record<PasswordProblem, { zh: string; en: string }> = {
  too_short: { zh: `至少 ${PASSWORD_MIN_LENGTH} 个字符`, en: `at least ${PASSWORD_MIN_LENGTH} characters` },
  one_class: {
    zh: "不能只含一类字符（小写、大写、数字、符号至少两类）",
    en: "not only one kind of character (use two of lower case, upper case, digits, symbols)",
  },
  username: { zh: "不能是或包含用户名", en: "not the username, nor containing it" },
  common: { zh: "这是常见或已泄露的密码", en: "a common or breached password" },
};

/** 400 INVALID_INPUT naming every rule the password breaks; null when it keeps them all. */
export function passwordPolicyError(problems: PasswordProblem[]): AppError | null {
  if (problems.length === 0) return null;
  return new AppError(
    "INVALID_INPUT",
    {
      zh: `密码不符合要求：${problems.map((p) => WORDS[p].zh).join("；")}`,
      en: `The password does not meet the policy: ${problems.map((p) => WORDS[p].en).join("; ")}`,
    },
    { passwordProblems: problems },
  );
}
