/**
 * One error family for the whole product. The domain throws codes; only the HTTP layer maps
 * them to status codes, so nothing here knows about HTTP.
 */
export const ERROR_CODES = [
  "INVALID_INPUT",
  "UNAUTHENTICATED",
  "CSRF_FAILED",
  "FORBIDDEN",
  "NOT_FOUND_OR_NO_ACCESS",
  "CONFLICT",
  "INVALID_TRANSITION",
  "PAYLOAD_TOO_LARGE",
  "RATE_LIMITED",
  "CALENDAR_YEAR_UNKNOWN",
  "TEST_CLOCK_DISABLED",
  "TASKS_OPEN",
  "NOT_CONFIRMABLE",
  "INTERNAL",
  "PETITION_CONCLUDED",
  "DB_UNAVAILABLE",
  "PASSWORD_CHANGE_REQUIRED",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Every user-facing message exists in zh-CN (the default UI language) and English. */
export interface Messages {
  zh: string;
  en: string;
}

export const DEFAULT_MESSAGES: Record<ErrorCode, Messages> = {
  INVALID_INPUT: { zh: "输入内容有误，请检查后重试", en: "The input is invalid" },
  UNAUTHENTICATED: { zh: "请先登录", en: "Please sign in first" },
  CSRF_FAILED: { zh: "页面已过期，请刷新后重试", en: "The page has expired; reload and try again" },
  FORBIDDEN: { zh: "您没有执行此操作的权限", en: "You are not allowed to do this" },
  // One message for both cases so a response never reveals that a record exists.
  NOT_FOUND_OR_NO_ACCESS: { zh: "记录不存在或无权访问", en: "Not found, or you have no access" },
  CONFLICT: {
    zh: "该记录已被他人修改，请刷新后重试",
    en: "Someone else changed this record; reload and try again",
  },
  INVALID_TRANSITION: {
    zh: "当前状态下不能执行此操作",
    en: "This action is not allowed in the current status",
  },
  PAYLOAD_TOO_LARGE: { zh: "提交的内容过大", en: "The submitted content is too large" },
  RATE_LIMITED: { zh: "操作过于频繁，请稍后再试", en: "Too many requests; try again later" },
  CALENDAR_YEAR_UNKNOWN: {
    zh: "该年度的法定节假日安排尚未录入，请管理员录入国务院办公厅通知",
    en: "The official holiday calendar for this year is not known yet; an administrator must enter it",
  },
  TEST_CLOCK_DISABLED: { zh: "测试时钟未启用", en: "The test clock is disabled" },
  TASKS_OPEN: {
    zh: "主办单位的交办任务尚未办结，不能办结案件",
    en: "A lead unit's task is still open; the case cannot be resolved",
  },
  NOT_CONFIRMABLE: {
    zh: "该调解协议不能申请司法确认",
    en: "This mediation agreement cannot be judicially confirmed",
  },
  INTERNAL: { zh: "系统内部错误，请稍后再试", en: "Internal error; try again later" },
  // 《信访工作条例》第三十六条: after 复核 the same matter is not accepted again.
  PETITION_CONCLUDED: { zh: "该信访事项已复核终结，不再受理", en: "This petition matter is concluded" },
  // The database is restarting or failing over: nothing was saved, a retry shortly will work.
  DB_UNAVAILABLE: {
    zh: "系统正在恢复数据库连接，请稍后重试（本次操作未保存）",
    en: "The database is briefly unavailable; nothing was saved — try again shortly",
  },
  // An imported account's one-time initial password, or an administrator's reset: its owner sets their own first.
  PASSWORD_CHANGE_REQUIRED: {
    zh: "请先修改初始密码后再使用系统",
    en: "Change your initial password before using the system",
  },
};

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly messages: Messages;
  readonly details?: unknown;

  constructor(code: ErrorCode, messages?: Partial<Messages>, details?: unknown) {
    const merged: Messages = { ...DEFAULT_MESSAGES[code], ...definedOnly(messages) };
    super(merged.en);
    this.name = "AppError";
    this.code = code;
    this.messages = merged;
    if (details !== undefined) this.details = details;
  }
}

// `{ zh: undefined }` must not erase the default message.
function definedOnly(m: Partial<Messages> | undefined): Partial<Messages> {
  const out: Partial<Messages> = {};
  if (m?.zh) out.zh = m.zh;
  if (m?.en) out.en = m.en;
  return out;
}

/** Works across module copies (e.g. core bundled twice), where `instanceof` would not. */
export function isAppError(e: unknown): e is AppError {
  if (e instanceof AppError) return true;
  if (typeof e !== "object" || e === null) return false;
  const c = (e as { code?: unknown }).code;
  const m = (e as { messages?: unknown }).messages;
  return (
    e instanceof Error &&
    typeof c === "string" &&
    (ERROR_CODES as readonly string[]).includes(c) &&
    typeof m === "object" &&
    m !== null
  );
}
