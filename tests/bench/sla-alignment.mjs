// Benchmark (not part of the test run): the full SLA alignment of 1 000 customer
// SLAs against their underpinning agreements, recomputed in the page after an
// agreement is edited.
//   ./scripts/build-web
//   cargo run --release -p rampart-cli -- gen --risks 0 --services 2000 --dependencies 4 \
//     --customer-slas 1000 --underpinning 600 > test-results/sla-1000.json
//   node tests/bench/sla-alignment.mjs test-results/sla-1000.json
// Each sample: one contract's resolution target changed and saved; the time from
// the save to the saved state on screen (its Undo notice), which includes the
// whole analysis of the register (alignment, availability, findings), measured
// inside the page. Results go in BENCHMARKS.md.
import path from 'node:path';
import { withBrowser } from './serve.mjs';

const file = path.resolve(process.argv[2] ?? 'test-results/sla-1000.json');
await withBrowser(8770, async (browser, origin) => {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await page.goto(origin + '/');
  await page.waitForSelector('h1.register-name');
  await page.setInputFiles('#open-file', file);
  await page.waitForFunction(() => !document.querySelector('.busy') && document.querySelector('h1.register-name').textContent.includes('Generated'));
  const samples = [];
  for (let k = 0; k < 12; k++) {
    const id = `UA-${String(k * 7).padStart(5, '0')}`;
    await page.goto(`${origin}/#/agreement/${id}`);
    await page.waitForSelector('#target-0-resolution');
    await page.fill('#target-0-resolution', String(10 + k));
    samples.push(await page.evaluate(async (id) => {
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      const start = performance.now();
      document.querySelector('button[type=submit]').click();
      const saved = () => [...document.querySelectorAll('.notice')].some((n) => n.textContent.includes(`${id}.`) && n.textContent.includes('Saved'));
      while (!saved()) await new Promise((r) => setTimeout(r, 0));
      return performance.now() - start;
    }, id));
  }
  const alignments = await page.evaluate(() => document.querySelector('.badges').textContent);
  const ms = [...samples].sort((a, b) => a - b);
  console.log(samples.map((s) => `${s.toFixed(0)} ms`).join(', '));
  console.log(`save → re-analysed register on screen: median ${ms[Math.floor(ms.length / 2)].toFixed(0)} ms, max ${ms[ms.length - 1].toFixed(0)} ms (${alignments})`);
});
