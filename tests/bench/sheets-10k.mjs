// Benchmark (not part of the test run): a 10 000-risk register exported as an
// XLSX workbook and a workbook imported back in the real page (issue 19:
// under 2 s each). Export: from the click to the download. Import: from
// choosing the file to the preview on screen, and from Apply to the register
// updated. The workbook imported is the exported one with two scores changed
// and a row added (tests/e2e/edit_workbook.py), so that there is something to apply.
//   ./scripts/build-web
//   cargo run --release -p rampart-cli -- gen --risks 10000 --services 1000 \
//     --customer-slas 100 --underpinning 200 > test-results/r10k.json
//   node tests/bench/sheets-10k.mjs test-results/r10k.json
// Results go in BENCHMARKS.md.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { root, withBrowser } from './serve.mjs';

const file = path.resolve(process.argv[2] ?? 'test-results/r10k.json');
const book = path.join(root, 'test-results', 'bench-10k.xlsx');
const edited = path.join(root, 'test-results', 'bench-10k-edited.xlsx');
const times = [];
await withBrowser(8767, async (browser, origin) => {
  for (let run = 0; run < 5; run++) {
    const page = await (await browser.newContext({ acceptDownloads: true })).newPage();
    await page.goto(origin + '/');
    await page.waitForSelector('h1.register-name');
    await page.setInputFiles('#open-file', file);
    await page.waitForFunction(() => document.querySelector('h1.register-name')?.textContent.startsWith('Generated register'), null, { timeout: 60000 });
    await page.waitForFunction(() => !document.querySelector('.busy'));
    await page.waitForSelector('.shell[data-saved="true"]', { timeout: 60000 });
    // The modules are loaded once, as on first use; each run is a fresh page, so this counts their loading too.
    let start = Date.now();
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60000 }), page.click('text=Export XLSX')]);
    const export_ms = Date.now() - start;
    await download.saveAs(book);
    if (run === 0) {
      execFileSync('python3', [path.join(root, 'tests', 'e2e', 'edit_workbook.py'), book, edited,
        JSON.stringify({ I2: 1, J3: 1 }), JSON.stringify({ A: 'R-BENCH', B: 'Added in the sheet', I: 3, J: 2 })]);
    }
    await page.click('nav >> text=Risks');
    start = Date.now();
    await page.setInputFiles('#import-sheet', edited);
    await page.waitForSelector('.sheet-import >> text=Ready:', { timeout: 60000 });
    const preview_ms = Date.now() - start;
    start = Date.now();
    await page.click('.sheet-import >> text=Apply the import');
    await page.waitForFunction(() => document.querySelector('#risks-title')?.textContent.includes('of 10001'), null, { timeout: 60000, polling: 'raf' });
    const apply_ms = Date.now() - start;
    times.push({ export_ms, preview_ms, apply_ms });
    await page.context().close();
  }
});
const median = (k) => times.map((t) => t[k]).sort((a, b) => a - b)[2];
console.log('runs:', JSON.stringify(times));
console.log(`median: export ${median('export_ms')} ms, import to preview ${median('preview_ms')} ms, apply ${median('apply_ms')} ms`);
