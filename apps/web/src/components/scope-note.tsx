import { Button, Space, Tag } from "antd";
import { useTranslation } from "react-i18next";

const LABEL: Record<string, string> = {
  "queue=mine": "flow.wb.scopeQueue",
  "overdue=1": "flow.wb.scopeOverdue",
  "escalated=1": "flow.wb.scopeEscalated",
  "callback=due": "flow.wb.scopeCallbackDue",
  "callback=missed": "flow.wb.scopeCallbackMissed",
};

/** "仅显示：我的待办 · 本步已超期": a list opened from a workbench figure says which set it shows. */
export function ScopeNote({ scope, onClear }: { scope?: Record<string, string>; onClear: () => void }) {
  const { t } = useTranslation();
  const keys = Object.entries(scope ?? {}).flatMap(([k, v]) => (LABEL[`${k}=${v}`] ? [`${k}=${v}`] : []));
  if (!keys.length) return null;
  return (
    <Space wrap style={{ marginTop: 12 }} data-testid="scope-note">
      <span>{t("flow.wb.scope")}</span>
      {keys.map((k) => (
        <Tag key={k} color="blue">
          {t(LABEL[k] as string)}
        </Tag>
      ))}
      <Button size="small" type="link" onClick={onClear}>
        {t("flow.wb.clearScope")}
      </Button>
    </Space>
  );
}
