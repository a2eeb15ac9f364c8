// Benchmark (not part of the test run): a cold start, the way a new user meets
// the app: a fresh profile (nothing cached, nothing stored) loads the page and
// the example register appears (issue 13: within 1.5 s on these machines).
//   ./scripts/build-web
//   node tests/bench/cold-start.mjs
// Results go in BENCHMARKS.md.
import { withBrowser } from './serve.mjs';

const runs = [];
await withBrowser(8768, async (browser, origin) => {
  for (let run = 0; run < 7; run++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const start = Date.now();
    await page.goto(origin + '/');
    await page.waitForFunction(() => document.querySelector('h1.register-name')?.textContent.startsWith('Online banking')
      && document.querySelector('#bands-title'), null, { polling: 'raf', timeout: 30_000 });
    const shown = Date.now() - start;
    const bytes = await page.evaluate(() => performance.getEntriesByType('resource')
      .concat(performance.getEntriesByType('navigation')).reduce((n, e) => n + (e.transferSize || 0), 0));
    runs.push({ shown_ms: shown, transferred_kb: Math.round(bytes / 1024) });
    await context.close();
  }
});
const shown = runs.map((r) => r.shown_ms).sort((a, b) => a - b);
console.log('runs:', JSON.stringify(runs));
console.log(`example on screen after: median ${shown[3]} ms, best ${shown[0]} ms, worst ${shown[6]} ms`);
