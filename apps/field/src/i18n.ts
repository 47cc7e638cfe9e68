// Chinese first, English second: one small dictionary, the choice kept on the phone.
const zh = {
  app: "枫桥网格通",
  today: "今日",
  visit: "走访",
  screen: "排查",
  opinion: "民意",
  outbox: "待同步",
  outboxTab: "同步",
  me: "我的",
  login: "登录",
  username: "用户名",
  password: "密码",
  deviceName: "本机名称",
  loginHint: "每台手机登录一次，之后长期有效；可在“我的设备”中随时注销。",
  offline: "离线",
  lastSync: "上次同步",
  never: "尚未同步",
  online: "在线",
  myCases: "我网格的在办事项",
  policeQueue: "治安事项（驻村民警）",
  noCases: "暂无在办事项",
  visitsPlanned: "计划走访",
  campaignsDue: "排查任务",
  due: "剩余",
  overdue: "已超期",
  days: "天",
  hours: "小时",
  minutes: "分钟",
  notSupported: "服务器暂未开通此功能（待升级），可先在此记录，开通后自动上传。",
  fallbackToday: "今日汇总暂不可用，显示我网格的案件列表。",
  step: "第{n}级",
  status_submitted: "待受理",
  status_accepted: "已受理",
  status_mediating: "调解中",
  // The console's words (core STATUS_NAMES): 已办结 means resolved on both screens.
  status_paused: "暂停",
  status_resolved: "已办结",
  status_closed: "已结案",
  pausedWaiting: "暂停中（等待当事人），时限不计",
  act_accept: "受理",
  act_note: "备注",
  act_recordMediation: "记录调解",
  act_resolve: "化解办结",
  act_escalate: "上报",
  act_startMediation: "开始调解",
  act_attach: "拍照附件",
  text: "内容",
  reason: "理由",
  summary: "调解/化解情况",
  success: "调解成功？",
  yes: "是",
  no: "否",
  signedPaper: "调解协议签字页照片",
  submit: "提交",
  cancel: "取消",
  save: "保存",
  queued: "已保存到手机，联网后自动同步",
  timeline: "办理经过",
  pendingHere: "本案待同步",
  back: "返回",
  st_pending: "等待同步",
  st_conflict: "冲突：案件已变化",
  st_rejected: "未被接受",
  st_done: "已同步",
  attempts: "已尝试 {n} 次",
  retryIn: "{s} 秒后重试",
  reapply: "按最新版本重新提交",
  discard: "放弃",
  retry: "重试",
  nowState: "案件现状：{status} · {step} · 版本 {v}",
  lastChange: "最新变化：{ev}（{who}）",
  outboxEmpty: "没有待同步的操作",
  syncNow: "立即同步",
  searchHousehold: "搜索住户（地址、姓名或手机尾号4位）",
  search: "搜索",
  noHousehold: "不选住户（记录网格内走访）",
  findings: "走访发现",
  photos: "照片",
  addPhoto: "拍照 / 选照片",
  location: "附上我的位置（可选，仅供本人记录）",
  located: "已定位 ±{m} 米",
  visitSaved: "走访已保存",
  toCase: "这是一件纠纷 → 立案",
  caseQueued: "立案已排队，联网后生成案件",
  openCase: "打开案件，继续办理",
  caseNoCode: "待同步（尚无案件编号）",
  escalateTo: "上报至",
  takeOver: "接手",
  beyond: "上交",
  category: "纠纷类别",
  title: "标题",
  campaigns: "排查任务",
  noCampaigns: "暂无排查任务",
  checklist: "排查清单",
  positive: "发现问题（阳性）",
  note: "备注",
  done: "已完成",
  place: "场所名称（无住户时）",
  topic: "主题",
  content: "内容",
  opinionHint: "收集到的社情民意单独保存，不计入案件。",
  opinionSaved: "已保存",
  devices: "我的设备",
  current: "本机",
  revoke: "注销",
  logout: "退出登录",
  logoutWarn: "还有 {n} 项未同步，退出后需重新登录才能同步。确定退出？",
  otherUser: "另一用户在本机记录，待其登录后同步",
  lastSeen: "最近使用",
  language: "English",
  required: "请填写",
  conflictTitle: "有冲突需要处理",
  loading: "加载中…",
  cacheMissing: "离线且本机没有缓存，请联网后再打开。",
} as const;

export type Key = keyof typeof zh;

const en: Record<Key, string> = {
  app: "Fengqiao Grid",
  today: "Today",
  visit: "Visit",
  screen: "Screening",
  opinion: "Opinions",
  outbox: "Outbox",
  outboxTab: "Sync",
  me: "Me",
  login: "Sign in",
  username: "Username",
  password: "Password",
  deviceName: "Device name",
  loginHint: "Sign in once per phone; the session lasts and can be revoked under My devices.",
  offline: "Offline",
  lastSync: "last sync",
  never: "never synced",
  online: "Online",
  myCases: "Open cases in my grids",
  noCases: "No open cases",
  visitsPlanned: "Visits planned",
  campaignsDue: "Screening due",
  due: "left",
  overdue: "overdue",
  days: "d",
  hours: "h",
  minutes: "min",
  notSupported: "The server does not offer this yet; what you record here is uploaded once it does.",
  fallbackToday: "Today's summary is unavailable; showing my grid's case list.",
  step: "step {n}",
  status_submitted: "Submitted",
  status_accepted: "Accepted",
  status_mediating: "Mediating",
  status_paused: "Paused",
  status_resolved: "Resolved",
  status_closed: "Closed",
  pausedWaiting: "Paused (waiting for a party): the clock is stopped",
  act_accept: "Accept",
  act_note: "Note",
  act_recordMediation: "Record mediation",
  act_resolve: "Resolve",
  act_escalate: "Escalate",
  act_startMediation: "Start mediation",
  act_attach: "Photo",
  text: "Text",
  reason: "Reason",
  summary: "Summary",
  success: "Mediation succeeded?",
  yes: "Yes",
  no: "No",
  signedPaper: "Photos of the signed agreement",
  submit: "Submit",
  cancel: "Cancel",
  save: "Save",
  queued: "Saved on the phone; it syncs when online",
  timeline: "Timeline",
  pendingHere: "Waiting to sync",
  back: "Back",
  st_pending: "Waiting",
  st_conflict: "Conflict: the case moved on",
  st_rejected: "Refused",
  st_done: "Synced",
  attempts: "{n} tries",
  retryIn: "retry in {s} s",
  reapply: "Re-apply on the new version",
  discard: "Discard",
  retry: "Retry",
  nowState: "Case now: {status} · {step} · version {v}",
  lastChange: "Latest: {ev} ({who})",
  outboxEmpty: "Nothing waiting",
  syncNow: "Sync now",
  searchHousehold: "Find a household (address, name, phone last 4)",
  search: "Search",
  noHousehold: "No household (a visit in the grid)",
  findings: "Findings",
  photos: "Photos",
  addPhoto: "Take / pick photo",
  location: "Attach my location (optional, for my own record)",
  located: "Located ±{m} m",
  visitSaved: "Visit saved",
  toCase: "This is a dispute → open a case",
  caseQueued: "Case queued; created when online",
  policeQueue: "Public-order queue (village officer)",
  openCase: "Open the case and go on",
  caseNoCode: "Waiting to sync (no case number yet)",
  escalateTo: "Escalate to",
  takeOver: "Take over",
  beyond: "Beyond the ladder",
  category: "Category",
  title: "Title",
  campaigns: "Screening campaigns",
  noCampaigns: "No campaigns",
  checklist: "Checklist",
  positive: "Problem found (positive)",
  note: "Note",
  done: "Done",
  place: "Place (when no household)",
  topic: "Topic",
  content: "Content",
  opinionHint: "Opinions are kept apart from cases and never counted as cases.",
  opinionSaved: "Saved",
  devices: "My devices",
  current: "this phone",
  revoke: "Revoke",
  logout: "Sign out",
  logoutWarn: "{n} items are not synced yet; they need a new sign-in to sync. Sign out?",
  otherUser: "Made by another user on this phone; syncs when they sign in",
  lastSeen: "last seen",
  language: "中文",
  required: "Required",
  conflictTitle: "Conflicts to resolve",
  loading: "Loading…",
  cacheMissing: "Offline and nothing cached on this phone; open it once online.",
};

let current: "zh-CN" | "en" = localStorage.getItem("fq.lang") === "en" ? "en" : "zh-CN";
const listeners = new Set<() => void>();

export const lang = () => current;

export function setLang(l: "zh-CN" | "en") {
  current = l;
  localStorage.setItem("fq.lang", l);
  document.documentElement.lang = l;
  for (const f of listeners) f();
}

export function onLang(f: () => void): () => void {
  listeners.add(f);
  return () => listeners.delete(f);
}

export function t(key: Key, vars: Record<string, string | number> = {}): string {
  const s = current === "en" ? en[key] : zh[key];
  return s.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ""));
}

/** Words for a case status or command type the dictionary may not have: the raw code as last resort. */
export function tx(prefix: "status_" | "act_", code: string): string {
  const k = `${prefix}${code}` as Key;
  return k in zh ? t(k) : code;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** "2026-12-01" in the phone's own time (ISO strings from the server are UTC: never slice them). */
export function ymd(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** "12-01 09:30" in the phone's own time, for timelines. */
export function mdhm(iso: string): string {
  const d = new Date(iso);
  return `${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${hhmm(d.getTime())}`;
}

export function hhmm(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;
}
