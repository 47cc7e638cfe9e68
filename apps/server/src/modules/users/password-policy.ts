import { passwordPolicyError, passwordProblems } from "@fengqiao/core";
import { dictionary } from "@zxcvbn-ts/language-common";

// The breached-password list: zxcvbn-ts's "passwords-common" (MIT, @zxcvbn-ts/language-common:
// about 49,000 passwords ranked from public breach corpora), plus a few seen in Chinese leaks that
// it lacks. Lower-cased; the check lower-cases too.
const CHINESE_COMMON = ["woaini1314", "woaini520", "5201314520", "a123456789", "qq123456789", "aa123456789"];

let common: Set<string> | null = null;
const commonPasswords = () => {
  common ??= new Set([...dictionary["passwords-common"], ...CHINESE_COMMON].map((p) => p.toLowerCase()));
  return common;
};

/**
 * Refuses a password that breaks the policy (400 INVALID_INPUT naming each rule). Checked wherever a
 * password is set: account creation (console, `fengqiao admin create`, the demo seed) and an
 * administrator's reset. The demo password `fengqiao2026` keeps the policy, so the seed needs no bypass.
 */
export function assertPasswordPolicy(password: string, username: string) {
  const err = passwordPolicyError(passwordProblems(password, username, (p) => commonPasswords().has(p)));
  if (err) throw err;
}
