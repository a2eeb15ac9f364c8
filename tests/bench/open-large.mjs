// Benchmark (not part of the test run): how long the real page takes to open a
// large register, from choosing the file to the register being on screen.
//   ./scripts/build-web
//   cargo run --release -p rampart-cli -- gen --risks 14000 --services 2000 \
//     --customer-slas 200 --underpinning 400 > test-results/large.json
//   node tests/bench/open-large.mjs test-results/large.json
// Results go in BENCHMARKS.md.
import { statSync } from 'node:fs';
import path from 'node:path';
import { withBrowser } from './serve.mjs';

const file = path.resolve(process.argv[2] ?? 'test-results/large.json');
const times = [];
await withBrowser(8766, async (browser, origin) => {
  for (let run = 0; run < 5; run++) {
    const page = await (await browser.newContext()).newPage();
    await page.goto(origin + '/');
    await page.waitForSelector('h1.register-name');
    const start = Date.now();
    await page.setInputFiles('#open-file', file);
    await page.waitForFunction(() => document.querySelector('.busy')
      || document.querySelector('h1.register-name')?.textContent.startsWith('Generated register'), null, { polling: 'raf' });
    const busyAt = Date.now() - start;
    await page.waitForFunction(() => document.querySelector('h1.register-name')?.textContent.startsWith('Generated register'), null, { timeout: 30000, polling: 'raf' });
    await page.waitForFunction(() => !document.querySelector('.busy'));
    times.push({ busy_ms: busyAt, usable_ms: Date.now() - start });
    await page.context().close();
  }
});
const usable = times.map((t) => t.usable_ms).sort((a, b) => a - b);
console.log(`file: ${(statSync(file).size / 1e6).toFixed(1)} MB`);
console.log('runs:', JSON.stringify(times));
console.log(`usable after: median ${usable[2]} ms, best ${usable[0]} ms, worst ${usable[4]} ms`);
