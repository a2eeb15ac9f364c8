// Benchmark (not part of the test run): a register far larger than the longest
// string a browser holds is opened, saved in parts, kept across a reload and
// exported whole (issue 12, "Big registers").
//   ./scripts/build-web
//   cargo run --release -p rampart-cli -- gen --risks 1000000 --services 100 > test-results/million.json
//   node tests/bench/keep-huge.mjs test-results/million.json
// Results go in BENCHMARKS.md.
import { statSync } from 'node:fs';
import path from 'node:path';
import { withBrowser } from './serve.mjs';

const file = path.resolve(process.argv[2] ?? 'test-results/million.json');
const size = statSync(file).size;
await withBrowser(8767, async (browser, origin) => {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.log('page error:', String(e)));
  await page.goto(origin + '/');
  await page.waitForSelector('h1.register-name');
  const t0 = Date.now();
  await page.setInputFiles('#open-file', file);
  await page.waitForFunction(() => (document.querySelector('h1.register-name')?.textContent ?? '').startsWith('Generated register'), null, { timeout: 600_000, polling: 1000 });
  const opened = Date.now() - t0;
  await page.waitForFunction(() => document.querySelector('.shell')?.dataset.saved === 'true'
    || document.querySelector('.save-status')?.textContent.includes('Not saved'), null, { timeout: 600_000, polling: 1000 });
  const saved = Date.now() - t0;
  const status = await page.textContent('.save-status');
  const problem = await page.$eval('.notices', (n) => n.textContent).catch(() => '');
  console.log(`file ${(size / 1e6).toFixed(0)} MB: on screen after ${opened} ms; "${status}" after ${saved} ms ${problem}`);
  const t1 = Date.now();
  await page.reload();
  await page.waitForFunction(() => (document.querySelector('h1.register-name')?.textContent ?? '').startsWith('Generated register'), null, { timeout: 600_000, polling: 1000 });
  console.log(`reopened after a reload in ${Date.now() - t1} ms`);
  const t2 = Date.now();
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 600_000 }), page.click('text=Export JSON')]);
  const out = path.resolve('test-results', 'million-exported.json');
  await download.saveAs(out);
  console.log(`exported ${(statSync(out).size / 1e6).toFixed(0)} MB in ${Date.now() - t2} ms`);
  await context.close();
});
