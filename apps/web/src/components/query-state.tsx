import { Button, Empty, Result, Spin } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { isApiError } from "../api/client";

interface Props {
  isLoading: boolean;
  error: unknown;
  isEmpty?: boolean;
  onRetry?: () => void;
  children: ReactNode;
}

/** Loading, error and empty states in one place, so every list and detail has all three. */
export function QueryState({ isLoading, error, isEmpty, onRetry, children }: Props) {
  const { t } = useTranslation();
  if (isLoading) {
    return (
      <div className="fq-center" role="status" aria-live="polite">
        <Spin tip={t("common.loading")}>
          <div style={{ minHeight: 80, minWidth: 120 }} />
        </Spin>
      </div>
    );
  }
  if (error) return <ErrorResult error={error} onRetry={onRetry} />;
  if (isEmpty) return <Empty description={t("common.empty")} />;
  return <>{children}</>;
}

export function ErrorResult({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const message = error instanceof Error ? error.message : String(error);
  const code = isApiError(error) ? error.code : undefined;
  return (
    <Result
      status="warning"
      title={t("common.errorTitle")}
      subTitle={code ? `${message} (${code})` : message}
      extra={
        onRetry && (
          <Button onClick={onRetry} type="primary">
            {t("common.retry")}
          </Button>
        )
      }
    />
  );
}
