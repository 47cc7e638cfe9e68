import type { Kpis } from "./kpi";

type Text = { zh: string; en: string };

/**
 * What each KPI counts, in the words the dashboard's tooltips show. Counts are over the cases
 * RECEIVED in the chosen period (a cohort), in their state now; "open/red/overdue" are states now.
 */
export const KPI_DEFINITIONS: Record<Exclude<keyof Kpis, "settledSteps">, { name: Text; def: Text }> = {
  received: {
    name: { zh: "受理登记", en: "Received" },
    def: {
      zh: "期间内登记的全部案件（按登记日，北京时间）",
      en: "Cases registered in the period (by day registered, Beijing time)",
    },
  },
  accepted: {
    name: { zh: "已受理", en: "Accepted" },
    def: {
      zh: "登记案件中已进入办理的：减去待受理、不予受理和合并（重复件）",
      en: "Registered cases taken into handling: less those awaiting acceptance, rejected and merged as duplicates",
    },
  },
  pending: {
    name: { zh: "待受理", en: "Awaiting acceptance" },
    def: {
      zh: "尚未受理的案件（含待受理时暂停的）",
      en: "Not yet accepted (including paused while awaiting acceptance)",
    },
  },
  notAccepted: {
    name: { zh: "不予受理", en: "Not accepted" },
    def: { zh: "以“不予受理”结案的案件", en: "Closed as rejected (不予受理)" },
  },
  merged: {
    name: { zh: "合并", en: "Merged" },
    def: { zh: "作为重复件并入他案的案件", en: "Merged into another case as a duplicate" },
  },
  referred: {
    name: { zh: "引导分流", en: "Referred" },
    def: {
      zh: "引导诉讼、仲裁等分流结案的案件（已结案，未化解）",
      en: "Referred out (court, arbitration …): closed, not resolved",
    },
  },
  resolved: {
    name: { zh: "化解", en: "Resolved" },
    def: {
      zh: "当前结果为“已化解”的案件（含已结案）；重新打开的不计",
      en: "Outcome now resolved (closed or not); reopened cases do not count",
    },
  },
  closedNotResolved: {
    name: { zh: "结案未化解", en: "Closed, not resolved" },
    def: {
      zh: "已结案但未化解：不予受理、合并、引导分流",
      en: "Closed without resolution: rejected, merged or referred",
    },
  },
  open: {
    name: { zh: "在办", en: "Open" },
    def: { zh: "待受理、已受理、调解中、暂停的案件", en: "Submitted, accepted, mediating or paused now" },
  },
  red: {
    name: { zh: "红色预警", en: "Red" },
    def: { zh: "在办且当前为红色预警的案件", en: "Open and red now" },
  },
  overdue: {
    name: { zh: "超期", en: "Overdue" },
    def: {
      zh: "在办且曾有一级或总时限超期的案件",
      en: "Open and a step or the overall clock ran out at least once",
    },
  },
  beyond: {
    name: { zh: "上交", en: "Beyond the township" },
    def: { zh: "上交至乡镇以上（超出四级阶梯）的案件", en: "Sent above the township (beyond the ladder)" },
  },
  reopened: {
    name: { zh: "重新打开", en: "Reopened" },
    def: { zh: "至少被重新打开一次的案件", en: "Reopened at least once" },
  },
  closure7Rate: {
    name: { zh: "7日化解率", en: "Resolved within 7 days" },
    def: {
      zh: "登记满7天的案件中，7天内（自然日，含暂停时间）化解的比例",
      en: "Of cases registered at least 7 days ago, the share resolved within 7 calendar days of registration",
    },
  },
  villageRate: {
    name: { zh: "小事不出村", en: "Settled in the village" },
    def: {
      zh: "化解案件中在第1–2步（网格、村）化解的比例",
      en: "Of resolved cases, the share settled at step 1–2 (grid, village)",
    },
  },
  townshipRate: {
    name: { zh: "大事不出镇", en: "Settled in the township" },
    def: {
      zh: "化解案件中在第1–4步（至乡镇）化解的比例",
      en: "Of resolved cases, the share settled at steps ≤ 4 (up to the township)",
    },
  },
  notUpwardRate: {
    name: { zh: "矛盾不上交", en: "Not sent upward" },
    def: {
      zh: "登记案件中从未上交乡镇以上的比例",
      en: "Of registered cases, the share never sent above the township",
    },
  },
  callbackOnTimeRate: {
    name: { zh: "码上反映按时回电率", en: "Callbacks on time" },
    def: {
      zh: "回电已了结的码上反映案件中，从未超过回电时限的比例",
      en: "Of 码上反映 cases whose callback is settled, the share whose callback deadline was never missed",
    },
  },
  satisfactionRate: {
    name: { zh: "满意率", en: "Satisfaction" },
    def: {
      zh: "已评价案件中最近一次评价为满意或基本满意的比例",
      en: "Of rated cases, the share whose last rating is satisfied or basically satisfied",
    },
  },
  reopenRate: {
    name: { zh: "重开率", en: "Reopen rate" },
    def: { zh: "登记案件中被重新打开过的比例", en: "Of registered cases, the share reopened at least once" },
  },
  medianHandlingHours: {
    name: { zh: "办理时长中位数", en: "Median handling time" },
    def: {
      zh: "化解案件自登记至化解的时长中位数（小时，按分段直方图插值，含暂停时间）",
      en: "Median hours from registration to resolution of resolved cases (interpolated in a histogram; pauses included)",
    },
  },
};
