// The register as an Excel workbook from the app, and spreadsheets back in: the
// sheets module (writer) and the import module (reader) load on first use; a
// real spreadsheet program (LibreOffice, installed by the test command) reads
// the exported workbook, and a workbook it saved imports with a preview of
// exactly what was changed in it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { readFileSync, mkdirSync } from 'node:fs';
import { root, scratch, shots, useBrowser, open, clean } from './helpers.mjs';

useBrowser();

test('Export XLSX downloads a workbook with every sheet and the register in it', async () => {
  const { context, page } = await open();
  await page.waitForSelector('.shell[data-saved="true"]');
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.click('text=Export XLSX')]);
  assert.match(download.suggestedFilename(), /^online-banking-operational-resilience-register-\d{4}-\d\d-\d\d\.xlsx$/);
  const file = path.join(scratch, 'bank.xlsx');
  await download.saveAs(file);
  assert.equal(readFileSync(file).subarray(0, 4).toString('binary'), 'PK\x03\x04');
  // Read as a zip by Python's standard library: the workbook's sheets, and the text in them.
  const read = (member) => execFileSync('python3', ['-c',
    'import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())', file, member]).toString();
  const sheets = [...read('xl/workbook.xml').matchAll(/<sheet name="([^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual(sheets, ['Risks', 'Controls', 'Actions', 'Services', 'Agreements', 'Targets', 'Findings', 'Method']);
  const strings = read('xl/sharedStrings.xml');
  for (const text of ['R-001', 'Ransomware encrypts core banking servers', 'Extreme', 'payments-api']) {
    assert.ok(strings.includes(text), text);
  }
  assert.equal(await page.getAttribute('.shell', 'data-saved'), 'true', 'an export changes nothing');
  clean(page);
  await context.close();
});

/// Converts `file` with LibreOffice headless into `format` (csv, xlsx, ods, xls) in a folder of its own.
function libreoffice(file, format) {
  const out = path.join(scratch, `lo-${format}`);
  mkdirSync(out, { recursive: true });
  const profile = 'file://' + path.join(scratch, 'lo-profile');
  execFileSync('soffice', [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', format, '--outdir', out, file],
    { stdio: 'pipe', timeout: 120_000 });
  return path.join(out, path.basename(file).replace(/\.[^.]+$/, '.' + format));
}

async function exportWorkbook(page, name) {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.click('text=Export XLSX')]);
  const file = path.join(scratch, name);
  await download.saveAs(file);
  return file;
}

test('LibreOffice reads the exported workbook: ids, scores and dates', async () => {
  const { context, page } = await open();
  const file = await exportWorkbook(page, 'for-libreoffice.xlsx');
  // The first sheet (Risks) as LibreOffice shows it, saved as CSV.
  const csv = readFileSync(libreoffice(file, 'csv'), 'utf8').trim().split('\n');
  const header = csv[0].split(',');
  const r1 = csv.find((l) => l.startsWith('R-001,')).split(',');
  const at = (name) => r1[header.indexOf(name)];
  assert.equal(csv.length, 24 + 1, 'a row per risk under the header');
  assert.deepEqual([at('inherent impact'), at('inherent likelihood'), at('inherent score'), at('inherent band')], ['5', '4', '20', 'Extreme']);
  assert.deepEqual([at('residual score'), at('target score')], ['9', '6']);
  assert.deepEqual([at('identified'), at('review date'), at('target date')], ['2024-02-12', '2026-12-15', '2027-03-31'], 'real dates, shown as dates');
  clean(page);
  await context.close();
});

test('a workbook edited and saved by LibreOffice comes back with a preview of exactly its changes', async () => {
  const { context, page } = await open();
  await page.click('nav >> text=Risks');
  const file = await exportWorkbook(page, 'to-edit.xlsx');
  // Two scores changed and a row added, then the workbook saved by LibreOffice.
  const edited = path.join(scratch, 'edited.xlsx');
  execFileSync('python3', [path.join(root, 'tests', 'e2e', 'edit_workbook.py'), file, edited,
    JSON.stringify({ I2: 2, J3: 1 }), JSON.stringify({ A: 'R-900', B: 'Flood in the basement', I: 3, J: 2 })]);
  const saved = libreoffice(edited, 'xlsx');
  await page.setInputFiles('#import-sheet', saved);
  await page.waitForSelector('.sheet-import >> text=Ready: 1 new risk, 2 updated, 0 removed.', { timeout: 60_000 });
  assert.equal(await page.inputValue('#sheet-import-sheet'), '0', 'the Risks sheet');
  await page.waitForSelector('text=The controls and actions of the risks imported come from the sheets "Controls" and "Actions"');
  const preview = await page.$$eval('.sheet-preview tbody tr', (rows) => rows.map((r) => [...r.cells].slice(0, 3).map((c) => c.textContent)));
  assert.deepEqual(preview.filter((r) => r[1] !== 're-scored'), [
    ['R-001', 'changed', 'history'], ['R-001', 'changed', 'inherent'],
    ['R-002', 'changed', 'history'], ['R-002', 'changed', 'inherent'],
    ['R-900', 'added', ''],
  ]);
  // And what the new inherent ratings do to the scores the analysis derives.
  const rescored = preview.filter((r) => r[1] === 're-scored');
  assert.ok(rescored.some((r) => r[0] === 'R-001' && r[2] === 'residual score'), JSON.stringify(rescored));
  assert.ok(rescored.every((r) => ['R-001', 'R-002'].includes(r[0])), JSON.stringify(rescored));
  const inherent = await page.$$eval('.sheet-preview tbody tr', (rows) => rows.filter((r) => r.cells[2].textContent === 'inherent')
    .map((r) => [r.cells[3].textContent, r.cells[4].textContent]));
  assert.deepEqual(inherent, [['impact 5 × likelihood 4', 'impact 2 × likelihood 4'], ['impact 4 × likelihood 4', 'impact 4 × likelihood 1']]);
  // The residual each re-scoring gives is recorded as an assessment, as an edit in the app records it.
  assert.match(await page.textContent('.sheet-preview tbody tr:nth-child(3) td:nth-child(5)'),
    /^\+ \d{4}-\d\d-\d\d: impact 3 × likelihood 1 \(Imported from edited\.xlsx\)$/);
  await page.screenshot({ path: path.join(shots, 'sheets-import-preview.png'), fullPage: true });
  await page.click('.sheet-import >> text=Apply the import');
  await page.waitForFunction(() => document.querySelector('#risks-title').textContent.includes('25 of 25'));
  await page.fill('#risk-search', 'R-900');
  await page.waitForSelector('table.risks >> text=Flood in the basement');

  // The workbook as exported, saved as ODS and as XLS (Excel 97), reads the
  // same: it would take back exactly the two scores, and add nothing.
  for (const format of ['ods', 'xls']) {
    await page.setInputFiles('#import-sheet', libreoffice(file, format));
    await page.waitForSelector(`#sheet-import-title >> text=from to-edit.${format}`, { timeout: 60_000 });
    await page.waitForSelector('.sheet-import >> text=Ready: 0 new risks, 2 updated, 0 removed.');
    await page.click('.sheet-import >> text=Cancel');
  }
  clean(page);
  await context.close();
});
