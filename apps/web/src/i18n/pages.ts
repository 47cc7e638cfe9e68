import i18n from "i18next";
import { en } from "./en";
import * as lead from "./lead";
import { zh } from "./zh";

let done = false;

/** Adds the pages' messages to the login route's; called when the signed-in shell loads. */
export function registerPageMessages() {
  if (done) return;
  done = true;
  i18n.addResourceBundle("zh-CN", "translation", zh, true, false);
  i18n.addResourceBundle("en", "translation", en, true, false);
  for (const [lng, b] of [
    ["zh-CN", lead.zh],
    ["en", lead.en],
  ] as const)
    i18n.addResourceBundle(lng, "translation", b, true, false);
}
