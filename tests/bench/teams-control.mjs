// Benchmark (not part of the test run): recomputing the recovery plan of 10 000
// nodes and ~50 000 dependencies when the teams control changes, in the page.
//   ./scripts/build-web
//   cargo run --release -p rampart-cli -- gen --risks 0 --services 10000 --dependencies 5 \
//     --customer-slas 0 --underpinning 0 > test-results/bia-10k.json
//   node tests/bench/teams-control.mjs test-results/bia-10k.json
// For each choice of the control: the time from the change event to the plan on
// screen (the timeline's description updated), measured inside the page.
// Results go in BENCHMARKS.md.
import path from 'node:path';
import { withBrowser } from './serve.mjs';

const file = path.resolve(process.argv[2] ?? 'test-results/bia-10k.json');
await withBrowser(8769, async (browser, origin) => {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await page.goto(origin + '/');
  await page.waitForSelector('h1.register-name');
  await page.setInputFiles('#open-file', file);
  await page.waitForFunction(() => !document.querySelector('.busy') && document.querySelector('h1.register-name').textContent.includes('Generated'));
  await page.click('nav >> text=Continuity');
  await page.waitForSelector('figure.gantt');
  const samples = await page.evaluate(async () => {
    const select = document.querySelector('#teams');
    const figure = () => document.querySelector('figure.gantt');
    const out = [];
    for (const teams of ['1', '2', '4', '8', '16', '0', '3', '6', '12', '20', '0']) {
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      const before = figure().getAttribute('aria-label');
      const start = performance.now();
      select.value = teams;
      select.dispatchEvent(new Event('change', { bubbles: true }));
      while (figure().getAttribute('aria-label') === before) await new Promise((r) => setTimeout(r, 0));
      out.push({ teams, ms: performance.now() - start });
    }
    return out;
  });
  const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
  console.log(samples.map((s) => `${s.teams === '0' ? 'unlimited' : s.teams}: ${s.ms.toFixed(0)} ms`).join(', '));
  console.log(`change → plan on screen: median ${ms[Math.floor(ms.length / 2)].toFixed(0)} ms, max ${ms[ms.length - 1].toFixed(0)} ms`);
});
