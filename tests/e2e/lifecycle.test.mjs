// The risk lifecycle in the app (SPEC §9.1): quick answers with the engine's
// counts, accepting a risk until a date, an action that puts a control in place,
// opportunities.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { root, shots, env, useBrowser, open, clean } from './helpers.mjs';

useBrowser();

/** The command line's report of the example on `today`: the same engine, natively. */
function cliReport(today) {
  const out = execFileSync('cargo', ['run', '-q', '--locked', '-p', 'rampart-cli', '--', 'check',
    path.join(root, 'examples', 'online-banking.json'), '--today', today, '--format', 'json'], { cwd: root, maxBuffer: 1 << 26 });
  return JSON.parse(out.toString());
}

const example = JSON.parse(execFileSync('cat', [path.join(root, 'examples', 'online-banking.json')]).toString());

function addDays(day, n) {
  const d = new Date(day + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

test('every count of the overview is what the command line finds', async () => {
  const { context, page } = await open();
  const today = await page.textContent('dt:has-text("Analysis date") + dd');
  const report = cliReport(today);
  const codes = (code, severity) => report.findings.filter((f) => f.code === code && (!severity || f.severity === severity));
  const risksOf = (list) => new Set(list.map((f) => f.subjects[0]));
  // Accepted (in force, so not expired) and ending within 30 days.
  const accepted = risksOf(codes('RISK_ABOVE_APPETITE', 'info'));
  const dueSoon = example.risks.filter((r) => accepted.has(r.id) && r.acceptance.expires && r.acceptance.expires <= addDays(today, 30)).map((r) => r.id);
  const expected = {
    'above-appetite': codes('RISK_ABOVE_APPETITE', 'warning').length,
    accepted: codes('RISK_ABOVE_APPETITE', 'info').length,
    'acceptance-due': new Set([...risksOf(codes('RISK_ACCEPTANCE_EXPIRED')), ...risksOf(codes('RISK_ACCEPTANCE_OUTDATED')), ...dueSoon]).size,
    'review-overdue': codes('RISK_REVIEW_OVERDUE').length,
    'action-overdue': risksOf(codes('RISK_ACTION_OVERDUE')).size,
    opportunity: report.risks.filter((r) => r.kind === 'opportunity').length,
    closed: example.risks.filter((r) => r.status === 'closed').length,
  };
  for (const [key, n] of Object.entries(expected)) {
    assert.equal(Number(await page.textContent(`ul.quick-answers a.${key} .count`)), n, key);
  }
  assert.ok(expected['above-appetite'] > 0 && expected.accepted > 0 && expected['acceptance-due'] > 0 && expected['action-overdue'] > 0,
    'the example shows each part of the lifecycle');
  assert.equal(Number(await page.textContent('dt:has-text("Overdue reviews") + dd')), expected['review-overdue']);
  // Findings by area: as the command line counts them.
  const area = (code) => code.startsWith('RISK_') ? 'Risks' : code.startsWith('BIA_') ? 'Continuity'
    : code.startsWith('SLA_') ? 'SLA alignment' : code.startsWith('REVIEW_') ? 'Management reviews' : 'Register';
  const byArea = {};
  for (const f of report.findings) {
    const row = (byArea[area(f.code)] ??= [0, 0, 0]);
    row[['error', 'warning', 'info'].indexOf(f.severity)] += 1;
  }
  const shown = await page.$$eval('section[aria-labelledby="areas-title"] tbody tr', (rows) =>
    rows.map((r) => [r.querySelector('th').textContent, ...[...r.querySelectorAll('td')].map((td) => Number(td.textContent))]));
  assert.deepEqual(Object.fromEntries(shown.map(([name, ...n]) => [name, n])), byArea);
  const threats = report.risks.filter((r) => r.kind === 'threat').length;
  assert.match(await page.textContent('#bands-title'), new RegExp(`Threats by band \\(${threats}\\)`));
  await page.screenshot({ path: path.join(shots, 'overview-lifecycle.png'), fullPage: true });
  clean(page);
  await context.close();
});

test('each quick answer filters the table to as many risks as it counts, from the overview too', async () => {
  const { context, page } = await open();
  await page.click('ul.quick-answers a.above-appetite');
  await page.waitForSelector('#risks-title');
  assert.match(page.url(), /quick=above-appetite/);
  for (const key of ['above-appetite', 'accepted', 'acceptance-due', 'review-overdue', 'action-overdue', 'opportunity', 'closed']) {
    const button = `.quick-answers button.${key}`;
    if ((await page.getAttribute(button, 'aria-pressed')) !== 'true') await page.click(button);
    await page.waitForFunction((k) => location.hash.includes(`quick=${k}`), key);
    const n = Number(await page.textContent(`${button} .count`));
    await page.waitForFunction((n) => document.querySelector('#risks-title').textContent.includes(`: ${n} of 24 risks`), n);
    assert.equal(await page.$$eval('table.risks tbody tr:not(.spacer)', (rows) => rows.length), n, key);
  }
  // Accepted risks read as accepted, with until when; expired and outdated ones say why.
  await page.click('.quick-answers button.acceptance-due');
  await page.waitForSelector('table.risks >> text=acceptance expired 2026-09-30');
  await page.waitForSelector('table.risks >> text=4 was accepted');
  await page.click('.quick-answers button.accepted');
  await page.waitForSelector('table.risks td.accepted >> text=accepted until 2027-03-31');
  await page.screenshot({ path: path.join(shots, 'risks-quick-accepted.png') });
  // The heat maps count what the filters leave and name a chosen cell in words.
  assert.match(await page.textContent('.heat-map[data-which="residual"] svg'), /Residual risk \(\d+ threats\)/);
  await page.click('.quick-answers button.accepted');
  await page.click('.heat-map[data-which="residual"] button[data-cell="4-3"]');
  await page.waitForSelector('.cell-filter >> text=Showing Residual: Possible × Major');
  clean(page);
  await context.close();
});

test('accepting a risk records who, until when and the residual score, and the table says so', async () => {
  const { context, page } = await open();
  await page.goto(env.origin + '/#/risk/R-001');
  await page.waitForSelector('#risk-title');
  await page.click('text=Accept now');
  assert.equal(await page.inputValue('#risk-treatment'), 'accept');
  await page.waitForFunction(() => document.activeElement.id === 'accepted-by');
  assert.ok(await page.isDisabled('button[type=submit]'), 'who accepts is still to say');
  await page.fill('#accepted-by', 'Chief Risk Officer');
  await page.fill('#accepted-until', '2027-03-31');
  await page.waitForSelector('.live >> text=formally accepted');
  await page.click('button[type=submit]');
  await page.waitForSelector('.notice.info >> text=Saved risk R-001');
  await page.goto(env.origin + '/#/risks?q=R-001');
  await page.waitForSelector('table.risks td.accepted >> text=accepted until 2027-03-31');
  // The register as exported: the acceptance with its expiry and the residual score accepted.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('text=Export JSON')]);
  const file = path.join(root, 'test-results', 'files', 'accepted.json');
  await download.saveAs(file);
  const risk = JSON.parse(execFileSync('cat', [file]).toString()).risks.find((r) => r.id === 'R-001');
  assert.equal(risk.acceptance.by, 'Chief Risk Officer');
  assert.equal(risk.acceptance.expires, '2027-03-31');
  assert.equal(risk.acceptance.score, 9, 'the residual score when accepted');
  clean(page);
  await context.close();
});

test('an action done puts its control in place and the residual drops', async () => {
  const { context, page } = await open();
  await page.goto(env.origin + '/#/risks?q=R-001');
  await page.waitForSelector('table.risks tbody tr:nth-child(2)');
  assert.match(await page.textContent('table.risks tbody tr:nth-child(2) td:nth-child(7)'), /9$/, 'residual 9 before');
  await page.goto(env.origin + '/#/risk/R-001');
  await page.waitForSelector('#action-0-title');
  assert.match(await page.textContent('#action-0-control option:checked'), /^R-001-C3 /);
  await page.selectOption('#action-0-status', 'done');
  await page.waitForSelector('.offer >> text=Its control R-001-C3 is still planned');
  await page.screenshot({ path: path.join(shots, 'risk-editor-action-done.png'), fullPage: true });
  await page.click('.offer button.implement');
  assert.equal(await page.inputValue('#control-2-status'), 'implemented');
  assert.equal(await page.$('.offer'), null, 'nothing more to offer');
  await page.click('button[type=submit]');
  await page.waitForSelector('.notice.info >> text=Saved risk R-001');
  await page.goto(env.origin + '/#/risks?q=R-001');
  await page.waitForSelector('table.risks tbody tr:nth-child(2)');
  assert.match(await page.textContent('table.risks tbody tr:nth-child(2) td:nth-child(7)'), /6$/, 'residual 6 after: likelihood one lower');
  clean(page);
  await context.close();
});

test('the services a risk threatens survive the arrow keys, and its rows keep their fields apart', async () => {
  const { context, page } = await open();
  await page.goto(env.origin + '/#/risk/R-001');
  await page.waitForSelector('#risk-services');
  const chosen = () => page.$eval('#risk-services', (s) => [...s.selectedOptions].map((o) => o.value));
  const before = await chosen();
  assert.ok(before.length >= 2, 'the example risk threatens several services');
  await page.focus('#risk-services');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
  assert.deepEqual(await chosen(), before, 'a plain arrow drops no service');
  await page.waitForSelector('#risk-services ~ .hint strong >> text=Ctrl with ↑ or ↓ moves');
  // Ctrl with the arrows moves without choosing; Space chooses.
  await page.keyboard.press('Control+Home');
  const first = await page.$eval('#risk-services option', (o) => o.value);
  await page.keyboard.press('Space');
  const after = await chosen();
  assert.equal(after.includes(first), !before.includes(first), 'Space chose or unchose the first service only');
  assert.equal(after.filter((id) => id !== first).join(), before.filter((id) => id !== first).join());
  // No field of an action or a control runs under the next one.
  for (const row of ['.action-row', '.control-row']) {
    const fields = await page.locator(row).first().locator('input, select').evaluateAll((els) =>
      els.map((e) => { const r = e.getBoundingClientRect(); return { id: e.id, left: r.left, right: r.right, top: r.top }; }));
    assert.ok(fields.length >= 4, `${row} has its fields`);
    for (let k = 1; k < fields.length; k++) {
      const [a, b] = [fields[k - 1], fields[k]];
      if (Math.abs(a.top - b.top) < 4) assert.ok(a.right <= b.left + 1, `${a.id} ends before ${b.id} begins`);
    }
  }
  await page.screenshot({ path: path.join(shots, 'risk-editor-rows.png'), fullPage: true });
  clean(page);
  await context.close();
});

test('an opportunity is marked, takes its own treatments and its controls raise', async () => {
  const { context, page } = await open();
  await page.goto(env.origin + '/#/risks?quick=opportunity');
  await page.waitForSelector('table.risks .kind.opportunity');
  await page.click('table.risks >> text=R-024');
  await page.waitForSelector('#risk-kind');
  assert.equal(await page.inputValue('#risk-kind'), 'opportunity');
  const treatments = await page.$$eval('#risk-treatment option', (o) => o.map((x) => x.value));
  assert.deepEqual(treatments, ['', 'exploit', 'enhance', 'share', 'accept']);
  assert.match(await page.textContent('label[for="control-0-reduces"]'), /Control 1 raises/);
  assert.equal(await page.$('#accepted-by'), null, 'no acceptance of an opportunity');
  // Services are chosen from the register, owners and categories suggested from it.
  await page.selectOption('#risk-services', ['online-banking', 'payments']);
  await page.waitForSelector('.field >> text=2 chosen.');
  assert.ok((await page.$$('#risk-owners option')).length >= 10, 'the register\'s owners are suggested');
  assert.equal(await page.getAttribute('#risk-category', 'list'), 'risk-categories');
  await page.click('button[type=submit]');
  await page.waitForSelector('.notice.info >> text=Saved risk R-024');
  await page.goto(env.origin + '/#/risks?q=R-024');
  await page.click('table.risks a.id >> text=R-024');
  await page.waitForSelector('#risk-services');
  assert.deepEqual(await page.$eval('#risk-services', (s) => [...s.selectedOptions].map((o) => o.value)), ['online-banking', 'payments']);
  // Made a threat: a threat's treatments, and the opportunity's one is cleared.
  await page.selectOption('#risk-kind', 'threat');
  assert.equal(await page.inputValue('#risk-treatment'), '');
  assert.match(await page.textContent('label[for="control-0-reduces"]'), /Control 1 reduces/);
  clean(page);
  await context.close();
});

test('calendar reminders download as an .ics file that parses and matches the command line', async () => {
  const { context, page } = await open();
  const today = await page.textContent('dt:has-text("Analysis date") + dd');
  await page.click('nav >> text=Risks');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('text=Calendar reminders (.ics)')]);
  assert.match(download.suggestedFilename(), /^online-banking-operational-resilience-register-reminders-\d{4}-\d{2}-\d{2}\.ics$/);
  const file = path.join(root, 'test-results', 'files', 'reminders.ics');
  await download.saveAs(file);
  const text = execFileSync('cat', [file]).toString();
  // Read back: unfold (RFC 5545 §3.1), then one map of properties per event.
  assert.ok(text.split('\r\n').every((l) => Buffer.byteLength(l) <= 75), 'folded at 75 octets');
  const lines = text.replace(/\r\n[ \t]/g, '').split('\r\n').filter((l) => l);
  assert.equal(lines[0], 'BEGIN:VCALENDAR');
  assert.equal(lines.at(-1), 'END:VCALENDAR');
  const events = [];
  for (const line of lines) {
    if (line === 'BEGIN:VEVENT') events.push({});
    else if (events.length && line !== 'END:VEVENT' && !line.startsWith('END:')) {
      const [name, ...rest] = line.split(':');
      events.at(-1)[name.split(';')[0]] = rest.join(':');
    }
  }
  const byUid = Object.fromEntries(events.map((e) => [e.UID.split('@')[0], e]));
  assert.equal(byUid['review-R-001'].DTSTART, '20261215');
  assert.equal(byUid['action-R-001-A1'].DTSTART, '20261031');
  assert.equal(byUid['acceptance-R-010'].DTSTART, '20270331');
  assert.match(byUid['acceptance-R-010'].SUMMARY, /^Acceptance of risk R-010 expires: /);
  assert.equal(byUid['review-R-019'].STATUS, 'CANCELLED', 'a closed risk\'s reminders are taken out of the calendar');
  assert.equal(byUid['review-R-001'].STATUS, undefined);
  assert.equal(new Set(events.map((e) => e.UID)).size, events.length, 'each UID once');
  const cli = execFileSync('cargo', ['run', '-q', '--locked', '-p', 'rampart-cli', '--', 'ics',
    path.join(root, 'examples', 'online-banking.json'), '--today', today], { cwd: root }).toString();
  // The same calendar but for the moment it was made (the page's is now, the command line's the day given).
  const timeless = (ics) => ics.replace(/\r\n(DTSTAMP|SEQUENCE):[^\r]*/g, '');
  assert.equal(timeless(text), timeless(cli), 'the page and the command line write the same calendar');
  assert.match(text, /UID:review-R-001@5d0c3f8a2b7e4c19a6f1e0b9d2c7a834\.rampart\r\n/, 'the register\'s calendar id');
  assert.match(byUid['action-R-001-A1'].DTSTAMP, /^\d{8}T\d{6}Z$/);
  clean(page);
  await context.close();
});

test('the actions list shows every treatment action, filtered by owner, status and overdue', async () => {
  const { context, page } = await open();
  await page.click('nav >> text=Actions');
  await page.waitForSelector('#actions-title');
  assert.match(await page.textContent('#actions-title'), /Treatment actions: 4 of 4/);
  const ids = () => page.$$eval('table.action-list tbody tr td:nth-child(2) code', (c) => c.map((x) => x.textContent));
  assert.deepEqual(await ids(), ['R-001-A1', 'R-003-A1', 'R-001-A2', 'R-024-A1'], 'soonest due first');
  await page.check('#action-overdue');
  await page.waitForFunction(() => location.hash.includes('overdue=true'));
  await page.waitForSelector('#actions-title >> text=2 of 4');
  assert.match(await page.textContent('table.action-list tbody tr:first-child td.overdue'), /2026-10-31 \(overdue\)/);
  await page.selectOption('#action-owner', 'Identity and Access Manager');
  await page.waitForSelector('#actions-title >> text=1 of 4');
  await page.uncheck('#action-overdue');
  await page.selectOption('#action-owner', '');
  await page.selectOption('#action-status', 'in_progress');
  await page.waitForSelector('#actions-title >> text=2 of 4');
  await page.screenshot({ path: path.join(shots, 'actions.png') });
  await page.click('table.action-list a.id >> text=R-024');
  await page.waitForSelector('#action-0-title');
  clean(page);
  await context.close();
});
