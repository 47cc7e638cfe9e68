import i18n from "i18next";
import { en } from "./en";
import * as med from "./med";
import { zh } from "./zh";

let done = false;

/** Adds the pages' messages to the login route's; called when the signed-in shell loads. */
export function registerPageMessages() {
  if (done) return;
  done = true;
  i18n.addResourceBundle("zh-CN", "translation", zh, true, false);
  i18n.addResourceBundle("en", "translation", en, true, false);
  for (const [zhPart, enPart] of [[med.zh, med.en]]) {
    i18n.addResourceBundle("zh-CN", "translation", zhPart, true, false);
    i18n.addResourceBundle("en", "translation", enPart, true, false);
  }
}
