import { useQuery, useQueryClient } from "@tanstack/react-query";
import { api, setCsrfToken } from "./client";
import { fetchMeOnce } from "./me";
import type { Me } from "./types";

export const ME_KEY = ["me"] as const;

export function useMe() {
  return useQuery({ queryKey: ME_KEY, queryFn: fetchMeOnce, staleTime: 5 * 60_000, retry: false });
}

/** The signed-in user; only for components rendered under RequireAuth. */
export function useActor(): Me {
  const { data } = useMe();
  if (!data) throw new Error("useActor outside RequireAuth");
  return data;
}

export function useSignOut() {
  const qc = useQueryClient();
  return async () => {
    try {
      await api("/auth/logout", { method: "POST" });
    } finally {
      setCsrfToken(null);
      qc.clear();
      qc.setQueryData(ME_KEY, null);
    }
  };
}
