/** @jsxImportSource preact */
import { useState } from "preact/hooks";
import { api, setCsrf } from "../api";
import { writeCache } from "../db";
import { lang, setLang, t } from "../i18n";
import type { Me } from "../session";

// Its words live here, not in i18n.ts: only a worker with a one-time password ever sees this screen.
const WORDS = {
  zh: {
    title: "修改初始密码",
    hint: "您正在使用管理员发放的一次性初始密码。请设置只有您自己知道的新密码，之后才能使用。",
    current: "当前（初始）密码",
    next: "新密码",
    repeat: "再次输入新密码",
    rules: "至少 10 个字符，含大写、小写、数字、符号中的两类，不含用户名，不能是常见密码。",
    mismatch: "两次输入的新密码不一致",
    submit: "修改密码并进入",
    logout: "退出登录",
  },
  en: {
    title: "Change your initial password",
    hint: "You signed in with a one-time password from an administrator. Choose a new one only you know to continue.",
    current: "Current (initial) password",
    next: "New password",
    repeat: "New password again",
    rules:
      "At least 10 characters, two kinds of lower case, upper case, digits, symbols, not your username, not a common password.",
    mismatch: "The two new passwords differ",
    submit: "Change and continue",
    logout: "Sign out",
  },
};

/** Before the app, while the server answers 403 PASSWORD_CHANGE_REQUIRED to everything else. */
export function FirstPasswordScreen({ me, onDone }: { me: Me; onDone: (me: Me | null) => void }) {
  const w = WORDS[lang() === "en" ? "en" : "zh"];
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [repeat, setRepeat] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (next !== repeat) return setError(w.mismatch);
    setBusy(true);
    setError("");
    try {
      const fresh = await api<Me>("/auth/password", {
        method: "POST",
        body: { currentPassword: current, newPassword: next },
      });
      setCsrf(fresh.csrfToken ?? null);
      await writeCache("me", { ...fresh, csrfToken: undefined });
      onDone(fresh);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  const logout = async () => {
    await api("/auth/logout", { method: "POST" }).catch(() => undefined);
    onDone(null);
  };
  const input = (id: string, label: string, value: string, set: (v: string) => void, ac: string) => (
    <label class="field">
      <span>{label}</span>
      <input
        id={id}
        type="password"
        autocomplete={ac}
        maxLength={200}
        value={value}
        onInput={(e) => set(e.currentTarget.value)}
        required
      />
    </label>
  );
  return (
    <main class="page login" data-testid="first-password">
      <h1>{w.title}</h1>
      <p class="hint">
        {me.displayName}（{me.username}）：{w.hint}
      </p>
      <form onSubmit={submit}>
        <input type="text" hidden readOnly autocomplete="username" value={me.username} />
        {input("pw-current", w.current, current, setCurrent, "current-password")}
        {input("pw-next", w.next, next, setNext, "new-password")}
        {input("pw-repeat", w.repeat, repeat, setRepeat, "new-password")}
        <p class="hint">{w.rules}</p>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="primary wide" disabled={busy} data-testid="first-password-submit">
          {w.submit}
        </button>
      </form>
      <button type="button" class="link" onClick={() => void logout()}>
        {w.logout}
      </button>
      <button type="button" class="link" onClick={() => setLang(lang() === "en" ? "zh-CN" : "en")}>
        {t("language")}
      </button>
    </main>
  );
}
