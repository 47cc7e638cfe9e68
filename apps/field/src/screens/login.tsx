/** @jsxImportSource preact */
import { useState } from "preact/hooks";
import { lang, setLang, t } from "../i18n";
import { resumeAfterLogin } from "../outbox";
import { guessDeviceName, login, type Me } from "../session";

export function LoginScreen({ onDone }: { onDone: (me: Me) => void }) {
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [device, setDevice] = useState(guessDeviceName());
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError("");
    try {
      const me = await login(username.trim(), password, device.trim() || guessDeviceName());
      resumeAfterLogin();
      onDone(me);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main class="page login">
      <h1>{t("app")}</h1>
      <form onSubmit={submit}>
        <label class="field">
          <span>{t("username")}</span>
          <input
            id="username"
            autocomplete="username"
            value={username}
            onInput={(e) => setUsername(e.currentTarget.value)}
            required
          />
        </label>
        <label class="field">
          <span>{t("password")}</span>
          <input
            id="password"
            type="password"
            autocomplete="current-password"
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
            required
          />
        </label>
        <label class="field">
          <span>{t("deviceName")}</span>
          <input
            id="device"
            value={device}
            maxLength={60}
            onInput={(e) => setDevice(e.currentTarget.value)}
          />
        </label>
        {error && <p class="error">{error}</p>}
        <button type="submit" class="primary wide" disabled={busy} data-testid="login-submit">
          {t("login")}
        </button>
        <p class="hint">{t("loginHint")}</p>
      </form>
      <button type="button" class="link" onClick={() => setLang(lang() === "en" ? "zh-CN" : "en")}>
        {t("language")}
      </button>
    </main>
  );
}
