import { Spin } from "antd";
import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";
import { useMe } from "../api/session";
import { ErrorResult } from "../components/query-state";
import { FirstPasswordPage } from "../pages/first-password-page";

export function RequireAuth({ children }: { children: ReactNode }) {
  const { data, isLoading, error, refetch } = useMe();
  const location = useLocation();
  if (isLoading) {
    return (
      <div className="fq-center fq-full">
        <Spin size="large" />
      </div>
    );
  }
  if (error) return <ErrorResult error={error} onRetry={() => void refetch()} />;
  if (!data) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/login?next=${next}`} replace />;
  }
  // A one-time password (import, admin reset): the API answers nothing else until it is changed.
  if (data.mustChangePassword) return <FirstPasswordPage me={data} />;
  return <>{children}</>;
}
