// Loads the WebAssembly app. A separate file, because the page's security policy
// allows no inline script.
import init from './rampart_app.js';

init({ module_or_path: './rampart_app_bg.wasm' })
  .then(() => document.getElementById('loading')?.remove())
  .catch((e) => {
    const p = document.getElementById('loading');
    if (p) p.textContent = 'Rampart could not start in this browser: ' + e;
  });

// Offline once loaded: a service worker keeps the app's own files.
if ('serviceWorker' in navigator && location.protocol.startsWith('http')) {
  navigator.serviceWorker.register('./sw.js').catch(() => {});
}
