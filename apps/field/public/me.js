// Asks who is signed in while the app's script is still on the wire (src/session.ts uses it). A file of
// its own, not inline, so the Content-Security-Policy can refuse every inline script.
// Only when someone signed in on this phone before (src/session.ts keeps "fq.me"): a cold first visit
// spends its bandwidth on the app and draws the login screen at once.
if (localStorage.getItem("fq.me")) {
  window.__me = fetch("/api/v1/auth/me", {
    credentials: "same-origin",
    headers: { Accept: "application/json" },
  });
  window.__me.catch(() => undefined);
}
