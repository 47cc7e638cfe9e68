import { regionChainName } from "@fengqiao/core";
import { useQueries, useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api } from "../api/client";
import type { Region } from "../api/types";

/**
 * A region as people say it (梁家墩镇 › 梁家墩村 › 第一网格); the GB/T 2260 code is only a tooltip
 * and screen-reader hint, never the label. Falls back to the code when no name is known.
 */
export function RegionName({ code, name }: { code: string; name?: string | null }) {
  const { t } = useTranslation();
  if (!name) return <span>{code}</span>;
  return (
    <span title={t("con.regionCode", { code })} data-region-code={code}>
      {name}
    </span>
  );
}

/** Township and below: the levels a person names (the county and above go without saying). */
const NAMED_FROM = 9;
const regionQuery = (code: string) => ({
  queryKey: ["region", code],
  queryFn: () => api<Region>(`/regions/${code}`),
  // Region names change rarely (an admin's rename); one fetch per region per session is enough.
  staleTime: 10 * 60_000,
  retry: false,
});

/** A region named from its code alone (admin tables): the region and its ancestors, each fetched once. */
export function RegionLabel({ code }: { code: string }) {
  const self = useQuery(regionQuery(code));
  const ancestors = (self.data?.path.split(".") ?? []).filter((c) => c.length >= NAMED_FROM && c !== code);
  const names = useQueries({ queries: ancestors.map(regionQuery) });
  if (!self.data) return <RegionName code={code} />;
  const chain = regionChainName(
    [...names.map((n) => n.data?.name), self.data.name].filter((n): n is string => Boolean(n)),
  );
  return <RegionName code={code} name={chain} />;
}
