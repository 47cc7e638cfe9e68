import { useQuery } from "@tanstack/react-query";
import { Alert, List, Space, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api } from "../../api/client";
import type { CaseSummary } from "../../api/types";
import { StatusTag } from "../../components/tags";
import { useDebounced } from "../../lib/use-debounced";

interface SimilarReasons {
  sameGrid: boolean;
  sameVillage: boolean;
  sameCategory: boolean;
  sharedWords: string[];
}
type Hint = CaseSummary & { score?: number; reasons?: SimilarReasons };

/** "同一村 · 同类 · 共同词：土地、边界": why the server thinks a case may be the same matter. */
function Why({ r }: { r: SimilarReasons }) {
  const { t } = useTranslation();
  const parts = [
    r.sameGrid ? t("flow.similar.sameGrid") : r.sameVillage ? t("flow.similar.sameVillage") : null,
    r.sameCategory ? t("flow.similar.sameCategory") : null,
    r.sharedWords.length ? t("flow.similar.words", { w: r.sharedWords.join("、") }) : null,
  ].filter(Boolean);
  return (
    <Typography.Text type="secondary" data-testid="similar-why">
      {parts.join(" · ")}
    </Typography.Text>
  );
}

function CaseLines({ items }: { items: Hint[] }) {
  return (
    <List
      size="small"
      dataSource={items}
      renderItem={(c) => (
        <List.Item>
          <Space wrap>
            {/* A new tab keeps the half-filled form. */}
            <Link to={`/cases/${c.code}`} target="_blank">
              {c.code}
            </Link>
            <StatusTag status={c.status} />
            <Typography.Text>{c.title}</Typography.Text>
            {c.reasons && <Why r={c.reasons} />}
          </Space>
        </List.Item>
      )}
    />
  );
}

/** Repeat complaints from the caller's number, shown before the clerk saves. */
export function PhoneLookup({ phone }: { phone: string | undefined }) {
  const { t } = useTranslation();
  const p = useDebounced(phone?.trim() ?? "", 400);
  const enabled = /^\+?[\d -]{7,20}$/.test(p);
  const q = useQuery({
    queryKey: ["cases-lookup", p],
    queryFn: () => api<{ items: CaseSummary[] }>("/cases-lookup", { params: { phone: p } }),
    enabled,
  });
  if (!enabled || q.isLoading) return null;
  if (q.error) return <Alert type="warning" showIcon title={(q.error as Error).message} />;
  const items = q.data?.items ?? [];
  return items.length === 0 ? (
    <Alert type="info" showIcon title={t("newCase.noEarlier")} data-testid="phone-lookup" />
  ) : (
    <Alert
      type="warning"
      showIcon
      data-testid="phone-lookup"
      title={t("newCase.earlier", { n: items.length })}
      description={<CaseLines items={items} />}
    />
  );
}

/** Possible duplicates among open cases, from the description as it is typed. */
export function SimilarCases({
  text,
  regionCode,
  category,
}: {
  text: string | undefined;
  regionCode?: string;
  category?: string;
}) {
  const { t } = useTranslation();
  const d = useDebounced(text?.trim() ?? "", 600);
  const enabled = d.length >= 4;
  const q = useQuery({
    queryKey: ["cases-similar", d, regionCode, category],
    queryFn: () => api<{ items: Hint[] }>("/cases-similar", { params: { text: d, regionCode, category } }),
    enabled,
  });
  if (!enabled || q.isLoading || q.error || !q.data?.items.length) return null;
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="similar-cases"
      title={t("newCase.similar")}
      description={<CaseLines items={q.data.items.slice(0, 5)} />}
    />
  );
}
