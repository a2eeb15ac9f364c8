// The register as an Excel workbook from the app: the sheets module loads on
// first use and the download opens as a real XLSX (a zip of the sheets), with
// the register's risks in it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { scratch, useBrowser, open, clean } from './helpers.mjs';

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
