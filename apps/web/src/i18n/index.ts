import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import { setApiLanguage } from "../api/client";
import { loginEn } from "./login-en";
import { loginZh } from "./login-zh";

export type Lang = "zh-CN" | "en";
const STORAGE_KEY = "fq.lang";

export function storedLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === "en" ? "en" : "zh-CN";
  } catch {
    return "zh-CN";
  }
}

export function initI18n() {
  const lng = storedLang();
  setApiLanguage(lng);
  document.documentElement.lang = lng;
  return i18n.use(initReactI18next).init({
    lng,
    fallbackLng: "zh-CN",
    // Only the login route's messages: the pages' come with the signed-in shell (pages.ts).
    resources: { "zh-CN": { translation: loginZh }, en: { translation: loginEn } },
    interpolation: { escapeValue: false },
  });
}

export async function switchLang(lng: Lang) {
  try {
    localStorage.setItem(STORAGE_KEY, lng);
  } catch {
    // Private mode: the choice simply does not persist.
  }
  setApiLanguage(lng);
  document.documentElement.lang = lng;
  await i18n.changeLanguage(lng);
}

export { i18n };
