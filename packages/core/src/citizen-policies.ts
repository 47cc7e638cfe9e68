import { DEFAULT_PETITION_RULES } from "./petition-rules";
import { SIJI_QITIAN, type TPolicy } from "./policy";

/**
 * 码上反映 (Baiyin): a QR report runs the usual ladder, and on top of it a cadre must call the
 * citizen back within a short limit. The callback is its own clock (kind "callback"), not a ladder
 * step: missing it alerts the responsibility chain but does not move the case up the ladder.
 */
export const MASHANG_FANYING: TPolicy = {
  ...SIJI_QITIAN,
  key: "mashang-fanying",
  name: { zh: "码上反映", en: "Report by QR code" },
  callbackLimit: "PT30M",
};

/**
 * 信访 (《信访工作条例》2022): the office's deadlines are the petition's own statutory clocks
 * (`petition.*`, rules in `petition`). The ladder is one step at the center — a backstop the length of
 * the longest lawful path to the reply (15 + 60 + 30 days), so it never fires before a statutory clock.
 */
export const XINFANG: TPolicy = {
  key: "xinfang",
  name: { zh: "信访事项办理", en: "Petition handling" },
  counting: "calendar",
  overallLimit: null,
  yellowAt: 0.75,
  steps: [
    { key: "banli", name: { zh: "信访办理", en: "Handle the petition" }, level: "center", limit: "P105D" },
  ],
  petition: DEFAULT_PETITION_RULES,
};
