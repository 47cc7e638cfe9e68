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
