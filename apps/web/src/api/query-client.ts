import { QueryCache, QueryClient } from "@tanstack/react-query";
import { isApiError } from "./client";

// Created with the signed-in shell, not in the entry: the login route does without TanStack Query.
// One client for the whole visit, so the cache outlives a sign-out and sign-in on the login page.
export const queryClient = new QueryClient({
  queryCache: new QueryCache(),
  defaultOptions: {
    queries: {
      // A 4xx will not fix itself on retry; network blips and 5xx get one more try.
      retry: (count, e) => count < 1 && !(isApiError(e) && e.status >= 400 && e.status < 500),
      refetchOnWindowFocus: false,
    },
  },
});
