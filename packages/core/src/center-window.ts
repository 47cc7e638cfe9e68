import { z } from "zod";
import { localDate } from "./calendar";
import { SERVICE_CODES, SERVICES, type ServiceCode, type UnitKind } from "./categories";
import { AppError } from "./errors";
import { ZText } from "./schemas";

// 一站式窗口: the seven services as intake choices, each with its short form and its default route,
// and the walk-in queue (取号 / 叫号). Routes and forms are data: a county changes them in
// settings (`window.routes`) without touching code.

/** Where a service's case goes at intake: its ladder, the step it starts at, the unit it is given to. */
export interface ServiceRoute {
  policy: string;
  /** 1 = 接单 at the grid; a walk-in at the center usually starts at 会诊 (3). */
  step: number;
  /** The stationed unit of this kind at the center is assigned the case; null = the center itself. */
  unitKind: UnitKind | null;
}

export const ZServiceRoute = z.object({
  policy: ZText.min(1).max(60),
  step: z.number().int().min(1).max(10),
  unitKind: z
    .enum([
      "center",
      "department",
      "mediation_committee",
      "village_committee",
      "police_station",
      "court",
      "justice_office",
      "petition_office",
      "government",
    ])
    .nullable(),
});
export const ZServiceRoutes = z.partialRecord(z.enum(SERVICE_CODES), ZServiceRoute);
export type TServiceRoutes = Partial<Record<ServiceCode, ServiceRoute>>;

// The walk-in comes to the township center, so its case starts at 会诊 (step 3 of 四级七天) with
// the unit that does the substance: 综治中心搭台、入驻部门唱戏.
export const DEFAULT_SERVICE_ROUTES: Record<ServiceCode, ServiceRoute> = {
  petition: { policy: "siji-qitian", step: 3, unitKind: "petition_office" },
  mediation: { policy: "siji-qitian", step: 3, unitKind: "mediation_committee" },
  legal: { policy: "siji-qitian", step: 3, unitKind: "justice_office" },
  counselling: { policy: "siji-qitian", step: 3, unitKind: null },
  fast_trial: { policy: "siji-qitian", step: 3, unitKind: "court" },
  judicial_confirmation: { policy: "siji-qitian", step: 3, unitKind: "court" },
  supervision: { policy: "siji-qitian", step: 3, unitKind: null },
};

/** The route of a case with several services: the first service named decides (the main request). */
export function routeOf(services: readonly ServiceCode[], routes: TServiceRoutes): ServiceRoute | null {
  const first = services[0];
  if (!first) return null;
  return routes[first] ?? DEFAULT_SERVICE_ROUTES[first];
}

export type FormFieldType = "text" | "number" | "date" | "select" | "boolean";
export interface ServiceFormField {
  key: string;
  type: FormFieldType;
  zh: string;
  en: string;
  required?: boolean;
  options?: readonly { code: string; zh: string; en: string }[];
}

/** Each service's short form at the window: only what that service needs beyond the case itself. */
export const SERVICE_FORMS: Record<ServiceCode, readonly ServiceFormField[]> = {
  petition: [
    {
      key: "petitionKind",
      type: "select",
      zh: "信访类别",
      en: "Kind of petition",
      required: true,
      options: [
        { code: "suggestion", zh: "建议意见类", en: "Suggestion" },
        { code: "accusation", zh: "检举控告类", en: "Accusation" },
        { code: "claim", zh: "申诉求决类", en: "Claim or appeal" },
      ],
    },
    { key: "visitors", type: "number", zh: "来访人数", en: "Number of visitors" },
  ],
  mediation: [
    { key: "otherParty", type: "text", zh: "对方当事人", en: "Other party" },
    { key: "amount", type: "number", zh: "涉及金额（元）", en: "Amount involved (yuan)" },
  ],
  legal: [{ key: "question", type: "text", zh: "咨询事项", en: "Question", required: true }],
  counselling: [{ key: "urgent", type: "boolean", zh: "情绪激动需优先疏导", en: "Distressed: see first" }],
  fast_trial: [
    { key: "claimAmount", type: "number", zh: "诉请金额（元）", en: "Amount claimed (yuan)" },
    { key: "courtCaseNo", type: "text", zh: "法院案号（如有）", en: "Court case number (if any)" },
  ],
  judicial_confirmation: [
    {
      key: "agreementDate",
      type: "date",
      zh: "调解协议生效日期",
      en: "Agreement effective on",
      required: true,
    },
    { key: "mediationOrg", type: "text", zh: "调解组织", en: "Mediation organisation" },
  ],
  supervision: [{ key: "department", type: "text", zh: "涉及部门", en: "Department concerned" }],
};

const fieldSchema = (f: ServiceFormField): z.ZodType => {
  switch (f.type) {
    case "text":
      return ZText.trim().min(1).max(500);
    case "number":
      return z.number().finite().min(0).max(1e12);
    case "date":
      return z.iso.date();
    case "boolean":
      return z.boolean();
    case "select":
      return z.enum((f.options ?? []).map((o) => o.code) as [string, ...string[]]);
  }
};

/**
 * The answers of one service's short form, checked against SERVICE_FORMS: unknown keys and missing
 * required ones are 400 INVALID_INPUT naming the field.
 */
export function parseServiceFields(service: ServiceCode, input: unknown): Record<string, unknown> {
  const form = SERVICE_FORMS[service];
  const shape = Object.fromEntries(
    form.map((f) => [f.key, f.required ? fieldSchema(f) : fieldSchema(f).optional()]),
  );
  const r = z.strictObject(shape).safeParse(input ?? {});
  if (!r.success) {
    const issue = r.error.issues[0];
    const field = `${service}.${String(issue?.path[0] ?? "")}`;
    const label = form.find((f) => f.key === issue?.path[0]);
    throw new AppError(
      "INVALID_INPUT",
      {
        zh: `${serviceName(service).zh}：${label?.zh ?? "表单"}填写有误`,
        en: `${serviceName(service).en}: ${label?.en ?? "form"} is invalid`,
      },
      { field },
    );
  }
  return r.data;
}

const serviceName = (code: ServiceCode) => SERVICES.find((s) => s.code === code) ?? { zh: code, en: code };

// 取号: one letter per service, so the hall hears which window a number belongs to (A012 = 信访接待).
export const TICKET_PREFIX: Record<ServiceCode, string> = {
  petition: "A",
  mediation: "B",
  legal: "C",
  counselling: "D",
  fast_trial: "E",
  judicial_confirmation: "F",
  supervision: "G",
};

/** The number on the ticket and the board: prefix + three digits (A001 … A999, then A1000). */
export function ticketLabel(service: ServiceCode, n: number): string {
  if (!Number.isInteger(n) || n < 1)
    throw new AppError("INVALID_INPUT", { en: `Invalid ticket number ${n}` });
  return `${TICKET_PREFIX[service]}${String(n).padStart(3, "0")}`;
}

/** Numbering restarts every day at every center: the day is the center's (Beijing) date. */
export const ticketDay = (now: Date): string => localDate(now);
