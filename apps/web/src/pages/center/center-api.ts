import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";
import type { CaseSummary } from "../../api/types";

// What the center's routes answer (apps/server/src/modules/window, stationing, referrals).

export interface Ticket {
  id: string;
  label: string;
  service: string;
  status: string;
  visitorName: string | null;
  phone: string | null;
  idNumber: string | null;
  window: number | null;
  caseId: string | null;
  createdAt: string;
  calledAt: string | null;
}
export interface Queue {
  center: { code: string; name: string };
  day: string;
  nowServing: Ticket[];
  called: Ticket[];
  waiting: Ticket[];
}
export interface FormField {
  key: string;
  type: "text" | "number" | "date" | "select" | "boolean";
  zh: string;
  en: string;
  required?: boolean;
  options?: { code: string; zh: string; en: string }[];
}
export interface ServiceDef {
  code: string;
  zh: string;
  en: string;
  fields: FormField[];
  route: { policy: string; step: number; unitKind: string | null };
}
export interface UnitCard {
  id: string;
  kind: string;
  name: string;
  regionCode: string;
  stationing: string | null;
  contacts: { name: string; title: string | null; phone: string | null }[];
}
export interface Today {
  center: { code: string; name: string };
  day: string;
  resident: UnitCard[];
  rotating: UnitCard[];
  onCall: UnitCard[];
}
export interface Summons {
  id: string;
  caseId: string;
  caseCode: string | null;
  unitId: string;
  unitName: string | null;
  reason: string;
  place: string;
  appearBy: string;
  status: string;
  ackDueAt: string;
  late: boolean;
  note: string | null;
  createdAt: string;
}
export interface Referral {
  id: string;
  originCaseId: string | null;
  originCode: string | null;
  targetCaseId: string | null;
  targetCode: string | null;
  fromUnitName: string | null;
  toUnitId: string;
  toUnitName: string;
  docking: string;
  purpose: string;
  reason: string;
  externalRef: string | null;
  status: string;
  ackDueAt: string | null;
  ackMissed: boolean;
  outcome: string | null;
  resultText: string | null;
  declineReason: string | null;
  createdAt: string;
}
export interface Visitor {
  visits: (Ticket & { centerName: string })[];
  cases: CaseSummary[];
}

export const centerKeys = {
  queue: (c: string) => ["center", "queue", c],
  today: (c: string) => ["center", "today", c],
  summons: (c: string) => ["center", "summons", c],
  caseSummons: (ref: string) => ["center", "case-summons", ref],
  caseReferrals: (ref: string) => ["center", "case-referrals", ref],
};

export const useServices = () =>
  useQuery({
    queryKey: ["center", "services"],
    queryFn: () => api<{ items: ServiceDef[] }>("/window/services"),
  });

export const useQueue = (center: string, refetchInterval = 5000) =>
  useQuery({
    queryKey: centerKeys.queue(center),
    queryFn: () => api<Queue>("/window/queue", { params: { center } }),
    refetchInterval,
  });

export const useToday = (center: string) =>
  useQuery({
    queryKey: centerKeys.today(center),
    queryFn: () => api<Today>("/centers/today", { params: { center } }),
  });

export const useCenterSummons = (center: string, enabled: boolean) =>
  useQuery({
    queryKey: centerKeys.summons(center),
    queryFn: () => api<{ items: Summons[] }>("/summons", { params: { center } }),
    enabled,
  });
