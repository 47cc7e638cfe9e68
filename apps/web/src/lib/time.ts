import { useQuery } from "@tanstack/react-query";
import dayjs from "dayjs";
import { useEffect, useState } from "react";
import { api } from "../api/client";
import type { ClockInfo } from "../api/types";

export const fmtTime = (iso: string | null | undefined) =>
  iso ? dayjs(iso).format("YYYY-MM-DD HH:mm") : "—";
export const fmtDate = (iso: string | null | undefined) => (iso ? dayjs(iso).format("YYYY-MM-DD") : "—");

/** "1天3小时" / "1d 3h": the largest two units, enough to judge urgency at a glance. */
export function fmtSpan(ms: number, en: boolean): string {
  const m = Math.floor(Math.abs(ms) / 60_000);
  const d = Math.floor(m / 1440);
  const h = Math.floor((m % 1440) / 60);
  const min = m % 60;
  const u = en ? { d: "d", h: "h", m: "m" } : { d: "天", h: "小时", m: "分" };
  if (d > 0) return `${d}${u.d}${h}${u.h}`;
  if (h > 0) return `${h}${u.h}${min}${u.m}`;
  const s = Math.floor((Math.abs(ms) % 60_000) / 1000);
  return en ? `${min}m ${s}s` : `${min}分${s}秒`;
}

export function useClockInfo() {
  return useQuery({
    queryKey: ["admin-clock"],
    queryFn: () => api<ClockInfo>("/admin/clock"),
    staleTime: 30_000,
  });
}

/**
 * The server's "now", ticking every second. Countdowns must follow the server (whose test clock may
 * be days ahead), not the browser's wall clock; the offset is measured once per clock fetch.
 */
export function useServerNow(tickMs = 1000): Date {
  const { data, dataUpdatedAt } = useClockInfo();
  const offset = data ? new Date(data.now).getTime() - dataUpdatedAt : 0;
  const [tick, setTick] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setTick(Date.now()), tickMs);
    return () => window.clearInterval(id);
  }, [tickMs]);
  return new Date(tick + offset);
}
