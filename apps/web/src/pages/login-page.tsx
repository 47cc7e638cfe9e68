import { CloseCircleFilled, LockOutlined, TranslationOutlined, UserOutlined } from "@ant-design/icons";
import type { Role } from "@fengqiao/core";
import { Button, Input } from "antd";
import { type FormEvent, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useSearchParams } from "react-router";
import { api, setCsrfToken } from "../api/client";
import { fetchMeOnce, handOverMe } from "../api/me";
import type { Me } from "../api/types";
import { switchLang } from "../i18n";

// The demo county's accounts (apps/server/src/seed/demo-data.ts), shown only on demo builds.
const DEMO_USERS: { username: string; role: Role; scope: string }[] = [
  { username: "admin", role: "admin", scope: "甘州区" },
  { username: "leader", role: "leader", scope: "甘州区" },
  { username: "hotline", role: "center_staff", scope: "甘州区 12345" },
  { username: "dept", role: "department_handler", scope: "区人社局" },
  { username: "township", role: "township_leader", scope: "梁家墩镇" },
  { username: "center", role: "center_staff", scope: "梁家墩镇综治中心" },
  { username: "cadre", role: "village_cadre", scope: "梁家墩村" },
  { username: "mediator", role: "mediator", scope: "梁家墩村" },
  { username: "police", role: "police", scope: "梁家墩村" },
  { username: "grid", role: "grid_worker", scope: "梁家墩村一网格" },
  { username: "grid2", role: "grid_worker", scope: "梁家墩村二网格" },
];
const SHOW_DEMO = import.meta.env.VITE_DEMO !== "0";

type Field = "username" | "password";

/**
 * The first screen most users see, so it carries little: antd's Input and Button only, with the card,
 * alert and form layout in styles.css. antd's Form, Card and Alert (with rc-form, async-validator,
 * tabs and menu behind them), TanStack Query, dayjs and core (zod) come with the signed-in shell.
 */
export default function LoginPage() {
  const { t, i18n } = useTranslation();
  const [values, setValues] = useState<Record<Field, string>>({ username: "", password: "" });
  const [invalid, setInvalid] = useState<Record<Field, boolean>>({ username: false, password: false });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const navigate = useNavigate();
  const [params] = useSearchParams();
  // "/" sends each user to their first screen (a leader's is the dashboard).
  const next = params.get("next") ?? "/";
  // Only same-site paths: `next` comes from the URL and must not send the user elsewhere.
  const safeNext = next.startsWith("/") && !next.startsWith("//") ? next : "/";

  // Already signed in (a bookmarked /login, a second tab): straight on to where they were going.
  useEffect(() => {
    let live = true;
    fetchMeOnce().then(
      (me) => {
        if (!live || !me) return;
        handOverMe(me);
        navigate(safeNext, { replace: true });
      },
      () => undefined, // Network trouble shows up when they sign in.
    );
    return () => {
      live = false;
    };
  }, [navigate, safeNext]);

  // The rules mirror core's ZLogin, which the server applies: both required, the username not blank.
  // The lengths (100, 200) are the inputs' maxLength.
  const check = (v: Record<Field, string>) => ({ username: !v.username.trim(), password: !v.password });
  const set = (field: Field, value: string) => {
    const v = { ...values, [field]: value };
    setValues(v);
    if (invalid[field]) setInvalid({ ...invalid, [field]: check(v)[field] });
  };

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const bad = check(values);
    setInvalid(bad);
    if (bad.username || bad.password) return;
    setBusy(true);
    setError(null);
    try {
      const user = await api<Me>("/auth/login", {
        method: "POST",
        body: { username: values.username.trim(), password: values.password },
      });
      setCsrfToken(user.csrfToken);
      handOverMe(user);
      navigate(safeNext, { replace: true });
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const fieldError = (field: Field) =>
    invalid[field] && (
      <div className="fq-field-error" id={`${field}-error`} role="alert">
        {t("login.required", { label: t(`login.${field}`) })}
      </div>
    );

  return (
    <main className="fq-login">
      <section className="fq-card">
        <header className="fq-card-head">
          <h1 className="fq-card-title">{`${t("app.name")} · ${t("login.title")}`}</h1>
          <Button
            size="small"
            icon={<TranslationOutlined />}
            onClick={() => void switchLang(i18n.language === "en" ? "zh-CN" : "en")}
            data-testid="lang-toggle"
          >
            {t("nav.language")}
          </Button>
        </header>
        <div className="fq-card-body">
          <p className="fq-muted">{t("app.subtitle")}</p>
          {error && (
            <div className="fq-alert-error" role="alert">
              <CloseCircleFilled className="fq-alert-icon" />
              <span>{error}</span>
            </div>
          )}
          <form onSubmit={(e) => void onSubmit(e)} noValidate>
            <div className="fq-field">
              <label htmlFor="username">{t("login.username")}</label>
              <Input
                id="username"
                prefix={<UserOutlined />}
                autoComplete="username"
                autoFocus
                maxLength={100}
                value={values.username}
                onChange={(e) => set("username", e.target.value)}
                status={invalid.username ? "error" : undefined}
                aria-invalid={invalid.username}
                aria-describedby={invalid.username ? "username-error" : undefined}
              />
              {fieldError("username")}
            </div>
            <div className="fq-field">
              <label htmlFor="password">{t("login.password")}</label>
              <Input.Password
                id="password"
                prefix={<LockOutlined />}
                autoComplete="current-password"
                maxLength={200}
                value={values.password}
                onChange={(e) => set("password", e.target.value)}
                status={invalid.password ? "error" : undefined}
                aria-invalid={invalid.password}
                aria-describedby={invalid.password ? "password-error" : undefined}
              />
              {fieldError("password")}
            </div>
            <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">
              {t("login.submit")}
            </Button>
          </form>
        </div>
      </section>
      {SHOW_DEMO && (
        <section className="fq-card fq-card-small fq-demo">
          <header className="fq-card-head">
            <h2 className="fq-card-title">{t("login.demo")}</h2>
          </header>
          <div className="fq-card-body">
            <p className="fq-muted">{t("login.demoHint")}</p>
            {/* A plain table: antd's Table would add ~33 KB gz to the login route for 11 rows. */}
            <table className="fq-demo-table">
              <thead>
                <tr>
                  <th>{t("login.username")}</th>
                  <th>{t("login.role")}</th>
                  <th>{t("login.scope")}</th>
                </tr>
              </thead>
              <tbody>
                {DEMO_USERS.map((u) => (
                  <tr key={u.username}>
                    <td>
                      <Button
                        type="link"
                        size="small"
                        onClick={() => {
                          setValues({ username: u.username, password: "fengqiao2026" });
                          setInvalid({ username: false, password: false });
                        }}
                      >
                        {u.username}
                      </Button>
                    </td>
                    <td>{t(`role.${u.role}`)}</td>
                    <td>{u.scope}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </main>
  );
}
