// Asks for the place while the app's script is still on the wire: one round trip less on rural 3G.
// A file of its own, not inline, so the Content-Security-Policy can refuse every inline script.
(() => {
  const m = location.pathname.match(/^\/m\/p\/([^/?#]+)/);
  if (m) window.__placeLookup = fetch(`/api/public/places/${m[1]}`);
})();
