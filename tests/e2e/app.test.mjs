// End-to-end tests: the built app (dist/) in Debian's Chromium, driven by
// playwright-core. Run by scripts/test after scripts/build-web.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { chromium } from 'playwright-core';

const root = path.resolve(import.meta.dirname, '..', '..');
const shots = path.join(root, 'test-results', 'screenshots');
const scratch = path.join(root, 'test-results', 'files');
mkdirSync(shots, { recursive: true });
mkdirSync(scratch, { recursive: true });

let server, browser, origin;

async function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

before(async () => {
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  server = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', path.join(root, 'dist')], { stdio: 'ignore' });
  for (let i = 0; i < 50; i++) {
    try { await fetch(origin + '/'); break; } catch { await new Promise((r) => setTimeout(r, 100)); }
  }
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
  });
});

after(async () => {
  await browser?.close();
  server?.kill();
});

/** A fresh browser profile and page, recording requests and console errors. */
async function open(context) {
  context ??= await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  page.foreign = [];
  page.errors = [];
  page.on('request', (r) => { if (!r.url().startsWith(origin) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) page.foreign.push(r.url()); });
  page.on('websocket', (w) => page.foreign.push(w.url()));
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('dialog', (d) => { page.errors.push('dialog: ' + d.message()); d.dismiss(); });
  await page.goto(origin + '/');
  await page.waitForSelector('h1.register-name');
  return { context, page };
}

function clean(page) {
  assert.deepEqual(page.foreign, [], 'requests outside the page origin');
  assert.deepEqual(page.errors, [], 'console errors');
}

async function pick(page, file) {
  await page.setInputFiles('#open-file', file);
}

function scratchFile(name, content) {
  const p = path.join(scratch, name);
  writeFileSync(p, content);
  return p;
}

test('opens on the online banking example and shows every view', async () => {
  const { context, page } = await open();
  assert.equal(await page.textContent('h1.register-name'), 'Online banking: operational resilience register');
  assert.equal(await page.textContent('.organization'), 'Northbridge Bank plc');
  assert.match(await page.textContent('#bands-title'), /Risks by band \(24\)/);
  assert.match(await page.textContent('.badges'), /\d+ warnings/);
  await page.screenshot({ path: path.join(shots, 'overview.png'), fullPage: true });
  for (const [label, hash, check] of [
    ['Risks', '#/risks', 'table.risks tbody tr'],
    ['Continuity', '#/continuity', 'table.recovery tbody tr'],
    ['SLA alignment', '#/sla', 'article.card'],
    ['Findings', '#/findings', 'table.findings tbody tr'],
  ]) {
    await page.click(`nav >> text=${label}`);
    await page.waitForSelector(check);
    assert.ok(page.url().endsWith(hash), page.url());
    await page.screenshot({ path: path.join(shots, `${hash.slice(2)}.png`), fullPage: true });
  }
  await page.reload();
  await page.waitForSelector('table.findings');
  assert.ok(page.url().endsWith('#/findings'), 'the route survives a reload');
  await page.goBack();
  await page.waitForSelector('article.card');
  assert.ok(page.url().endsWith('#/sla'), 'back goes to the previous view');
  clean(page);
  await context.close();
});

test('imports a file and keeps it across a reload', async () => {
  const { context, page } = await open();
  await pick(page, path.join(root, 'examples', 'manufacturing-bia.json'));
  await page.waitForSelector('text=Plant 2 business impact analysis');
  await page.click('nav >> text=Risks');
  assert.match(await page.textContent('table.risks'), /HV switchgear failure stops Plant 2/);
  await page.reload();
  await page.waitForSelector('h1.register-name');
  assert.equal(await page.textContent('h1.register-name'), 'Plant 2 business impact analysis');
  clean(page);
  await context.close();
});

test('a broken file is refused with its place and the register stays', async () => {
  const { context, page } = await open();
  const bad = scratchFile('broken.json', '{\n  "format": "rampart-register",\n  "version": 1,\n  "name": "Broken",\n  "risks": [ { "id": "R1", } ]\n}\n');
  await pick(page, bad);
  await page.waitForSelector('.notice.error');
  const notice = await page.textContent('.notice.error');
  assert.match(notice, /Could not open broken\.json/);
  assert.match(notice, /line 5, column/);
  assert.match(notice, /\$\.risks\[0\]/);
  assert.equal(await page.textContent('h1.register-name'), 'Online banking: operational resilience register');
  await page.screenshot({ path: path.join(shots, 'refused-file.png') });
  await page.click('.notice.error >> text=Dismiss');
  assert.equal(await page.$('.notice.error'), null);
  clean(page);
  await context.close();
});

test('exports the register and the download imports back to the same register', async () => {
  const { context, page } = await open();
  const input = path.join(root, 'examples', 'hospital-risk-register.json');
  await pick(page, input);
  await page.waitForSelector('text=Corporate risk register and clinical services BIA');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('text=Export JSON')]);
  assert.match(download.suggestedFilename(), /^corporate-risk-register-and-clinical-services-bia-\d{4}-\d{2}-\d{2}\.json$/);
  const saved = path.join(scratch, 'exported.json');
  await download.saveAs(saved);
  const exported = JSON.parse(readFileSync(saved, 'utf8'));
  const original = JSON.parse(readFileSync(input, 'utf8'));
  assert.ok(exported.updated, 'updated is set');
  delete exported.updated;
  delete original.updated;
  // Export leaves out empty lists inside items (ARCHITECTURE.md, decisions).
  const withoutEmptyLists = (v) => JSON.parse(JSON.stringify(v, (k, x) => (Array.isArray(x) && x.length === 0 && k !== '' ? undefined : x)));
  assert.deepEqual(exported, withoutEmptyLists(original));
  const [csv] = await Promise.all([page.waitForEvent('download'), page.click('text=Findings CSV')]);
  assert.match(csv.suggestedFilename(), /-findings-\d{4}-\d{2}-\d{2}\.csv$/);
  clean(page);
  await context.close();
});

test('text from a file is shown as text, never run', async () => {
  const { context, page } = await open();
  const hostile = scratchFile('hostile.json', JSON.stringify({
    format: 'rampart-register', version: 1, name: '<img src=x onerror=alert(1)>',
    organization: '<script>alert(2)</script>',
    risks: [{ id: 'R1', title: '<b onmouseover=alert(3)>bold</b>', inherent: { impact: 1, likelihood: 1 } }],
  }));
  await pick(page, hostile);
  await page.waitForSelector('text=<img src=x onerror=alert(1)>');
  assert.equal(await page.textContent('h1.register-name'), '<img src=x onerror=alert(1)>');
  assert.equal(await page.$('header img'), null);
  await page.click('nav >> text=Risks');
  assert.equal(await page.$('table.risks b'), null);
  clean(page);
  await context.close();
});

test('a tab notices when another tab saves', async () => {
  const context = await browser.newContext({ acceptDownloads: true });
  const { page: first } = await open(context);
  const { page: second } = await open(context);
  await pick(second, path.join(root, 'examples', 'manufacturing-bia.json'));
  await second.waitForSelector('text=Plant 2 business impact analysis');
  await first.waitForSelector('text=The register was changed in another tab');
  assert.equal(await first.textContent('h1.register-name'), 'Online banking: operational resilience register');
  await first.screenshot({ path: path.join(shots, 'changed-elsewhere.png') });
  await first.click('text=Keep mine');
  await second.waitForSelector('text=The register was changed in another tab');
  await first.reload();
  await first.waitForSelector('h1.register-name');
  assert.equal(await first.textContent('h1.register-name'), 'Online banking: operational resilience register');
  clean(first);
  clean(second);
  await context.close();
});
