import { CloseCircleFilled, LockOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { Button, Input } from "antd";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, setCsrfToken } from "../api/client";
import { ME_KEY, useSignOut } from "../api/session";
import type { Me } from "../api/types";

type Field = "current" | "next" | "repeat";

/**
 * Shown instead of the app while the signed-in user holds a one-time password (an import's initial
 * password, an administrator's reset): the server answers 403 PASSWORD_CHANGE_REQUIRED to everything
 * else. The policy (length, kinds, username, breached list) is the server's; its 400 names the rules.
 */
export function FirstPasswordPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const signOut = useSignOut();
  const [values, setValues] = useState<Record<Field, string>>({ current: "", next: "", repeat: "" });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!values.current || !values.next || !values.repeat) return setError(t("firstPassword.required"));
    if (values.next !== values.repeat) return setError(t("firstPassword.mismatch"));
    setBusy(true);
    setError(null);
    try {
      const next = await api<Me>("/auth/password", {
        method: "POST",
        body: { currentPassword: values.current, newPassword: values.next },
      });
      setCsrfToken(next.csrfToken);
      // Whatever was asked while the API was closed (403s) is asked again by the pages.
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
      qc.setQueryData(ME_KEY, next);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const field = (name: Field, label: string, autoComplete: string) => (
    <div className="fq-field">
      <label htmlFor={`pw-${name}`}>{label}</label>
      <Input.Password
        id={`pw-${name}`}
        prefix={<LockOutlined />}
        autoComplete={autoComplete}
        maxLength={200}
        value={values[name]}
        onChange={(e) => setValues({ ...values, [name]: e.target.value })}
      />
    </div>
  );

  return (
    <main className="fq-login" data-testid="first-password">
      <section className="fq-card">
        <header className="fq-card-head">
          <h1 className="fq-card-title">{t("firstPassword.title")}</h1>
          <Button size="small" onClick={() => void signOut()}>
            {t("firstPassword.logout")}
          </Button>
        </header>
        <div className="fq-card-body">
          <p className="fq-muted">
            {me.displayName}（{me.username}）：{t("firstPassword.hint")}
          </p>
          {error && (
            <div className="fq-alert-error" role="alert">
              <CloseCircleFilled className="fq-alert-icon" />
              <span>{error}</span>
            </div>
          )}
          <form onSubmit={(e) => void onSubmit(e)} noValidate>
            {/* The username, for password managers saving the new password under the right account. */}
            <input type="text" hidden readOnly autoComplete="username" value={me.username} />
            {field("current", t("firstPassword.current"), "current-password")}
            {field("next", t("firstPassword.next"), "new-password")}
            {field("repeat", t("firstPassword.repeat"), "new-password")}
            <p className="fq-muted">{t("firstPassword.rules")}</p>
            <Button type="primary" htmlType="submit" block loading={busy} data-testid="first-password-submit">
              {t("firstPassword.submit")}
            </Button>
          </form>
        </div>
      </section>
    </main>
  );
}
