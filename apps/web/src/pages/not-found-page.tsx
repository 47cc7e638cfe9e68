import { Button, Result } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

export default function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Result
      status="404"
      title={t("notFound.title")}
      data-testid="not-found"
      extra={
        <Link to="/workbench">
          <Button type="primary">{t("notFound.back")}</Button>
        </Link>
      }
    />
  );
}
