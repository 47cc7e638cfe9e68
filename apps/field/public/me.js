// Asks who is signed in while the app's script is still on the wire (src/session.ts uses it). A file of
// its own, not inline, so the Content-Security-Policy can refuse every inline script.
window.__me = fetch("/api/v1/auth/me", {
  credentials: "same-origin",
  headers: { Accept: "application/json" },
});
window.__me.catch(() => undefined);
