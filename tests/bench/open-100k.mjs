// Benchmark (not part of the test run): issue 18's page at 100 000 risks.
// Opens a generated register of 100 000 risks, 10 000 services and 6 000
// agreements (about 94 MB) in the real page and reports when it is usable (the
// register's name on screen, nothing busy) and every main-thread task longer
// than 50 ms while it opened (a PerformanceObserver for long tasks; target:
// none over 200 ms), then the same for Export JSON.
//   ./scripts/build-web
//   cargo run --release -p rampart-cli -- gen --risks 100000 --services 10000 \
//     --customer-slas 1000 --underpinning 5000 > test-results/r100k.json
//   node tests/bench/open-100k.mjs test-results/r100k.json
// Results go in BENCHMARKS.md.
import { statSync } from 'node:fs';
import path from 'node:path';
import { withBrowser } from './serve.mjs';

const file = path.resolve(process.argv[2] ?? 'test-results/r100k.json');
const runs = [];
await withBrowser(8769, async (browser, origin) => {
  for (let run = 0; run < 3; run++) {
    const page = await (await browser.newContext()).newPage();
    await page.goto(origin + '/');
    await page.waitForSelector('h1.register-name');
    await page.waitForFunction(() => !document.querySelector('.busy'));
    await page.evaluate(() => {
      window.longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.longTasks.push(Math.round(e.duration));
      }).observe({ type: 'longtask' });
    });
    const start = Date.now();
    await page.setInputFiles('#open-file', file);
    await page.waitForFunction(() => document.querySelector('h1.register-name')?.textContent.startsWith('Generated register'),
      null, { timeout: 120000, polling: 100 });
    await page.waitForFunction(() => !document.querySelector('.busy'), null, { timeout: 120000, polling: 100 });
    const usable = Date.now() - start;
    // Saving in the browser follows; its tasks count too.
    await page.waitForSelector('.shell[data-saved="true"]', { timeout: 120000 });
    const saved = Date.now() - start;
    const tasks = await page.evaluate(() => window.longTasks.splice(0));
    // Export JSON: written in steps too.
    const exportStart = Date.now();
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 120000 }),
      page.getByRole('button', { name: 'Export JSON' }).click(),
    ]);
    await page.waitForFunction(() => !document.querySelector('.busy'), null, { timeout: 120000, polling: 100 });
    const exported = Date.now() - exportStart;
    const exportTasks = await page.evaluate(() => window.longTasks);
    const bytes = statSync(await download.path()).size;
    runs.push({
      usable_ms: usable, saved_ms: saved, longest_task_ms: Math.max(0, ...tasks), tasks_over_200_ms: tasks.filter((t) => t > 200),
      export_ms: exported, export_bytes: bytes, export_longest_task_ms: Math.max(0, ...exportTasks),
      export_tasks_over_200_ms: exportTasks.filter((t) => t > 200),
    });
    await page.context().close();
  }
});
console.log(`file: ${(statSync(file).size / 1e6).toFixed(1)} MB`);
for (const r of runs) console.log(JSON.stringify(r));
