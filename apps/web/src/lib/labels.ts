import { CATEGORIES, CHANNELS, SERVICES, UNIT_KINDS } from "@fengqiao/core";
import { useTranslation } from "react-i18next";

interface Labelled {
  code: string;
  zh: string;
  en: string;
}

const byCode = (list: readonly Labelled[]) => new Map(list.map((x) => [x.code, x]));
const LISTS = {
  category: byCode(CATEGORIES),
  service: byCode(SERVICES),
  channel: byCode(CHANNELS),
  unitKind: byCode(UNIT_KINDS),
};
export type LabelList = keyof typeof LISTS;

/** Code lists come from core with both languages; this picks the UI's. */
export function useLabels() {
  const { i18n } = useTranslation();
  const en = i18n.language === "en";
  const label = (list: LabelList, code: string | null | undefined) => {
    if (!code) return "—";
    const item = LISTS[list].get(code);
    return item ? (en ? item.en : item.zh) : code;
  };
  const options = (list: LabelList) =>
    [...LISTS[list].values()].map((x) => ({ value: x.code, label: en ? x.en : x.zh }));
  return { label, options, en };
}
