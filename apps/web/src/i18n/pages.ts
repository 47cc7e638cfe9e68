import i18n from "i18next";
import { centerEn, centerZh } from "./center";
import { en } from "./en";
import * as field from "./field";
import * as firstPassword from "./first-password";
import * as importWords from "./import";
import * as journey from "./journey";
import * as lead from "./lead";
import * as med from "./med";
import { meet } from "./meet";
import * as pet from "./pet";
import * as tasks from "./tasks";
import * as tour from "./tour";
import { zh } from "./zh";

let done = false;

/** Adds the pages' messages to the login route's; called when the signed-in shell loads. */
export function registerPageMessages() {
  if (done) return;
  done = true;
  i18n.addResourceBundle("zh-CN", "translation", zh, true, false);
  i18n.addResourceBundle("en", "translation", en, true, false);
  i18n.addResourceBundle("zh-CN", "translation", tasks.zh, true, false);
  i18n.addResourceBundle("en", "translation", tasks.en, true, false);
  for (const [lng, words] of [
    ["zh-CN", meet.zh],
    ["en", meet.en],
  ] as const)
    i18n.addResourceBundle(lng, "translation", words, true, false);
  for (const m of [pet, journey, field, tour, importWords, firstPassword]) {
    i18n.addResourceBundle("zh-CN", "translation", m.zh, true, false);
    i18n.addResourceBundle("en", "translation", m.en, true, false);
  }
  for (const [lng, m] of [
    ["zh-CN", centerZh],
    ["en", centerEn],
  ] as const)
    i18n.addResourceBundle(lng, "translation", m, true, false);
  for (const [zhPart, enPart] of [[med.zh, med.en]]) {
    i18n.addResourceBundle("zh-CN", "translation", zhPart, true, false);
    i18n.addResourceBundle("en", "translation", enPart, true, false);
  }
  for (const [lng, b] of [
    ["zh-CN", lead.zh],
    ["en", lead.en],
  ] as const)
    i18n.addResourceBundle(lng, "translation", b, true, false);
}
