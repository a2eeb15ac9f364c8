// Registers that travel (SPEC §9.3) in the app: the email round trip (export,
// the copy edited elsewhere while the original is edited here, the copy opened
// again and merged with one conflict settled), and two revisions compared.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { env, shots, scratch, useBrowser, open, clean, pick } from './helpers.mjs';

useBrowser();

async function setOwner(page, id, owner) {
  await page.goto(env.origin + `/#/risk/${id}`);
  await page.waitForSelector('.risk-editor');
  await page.fill('#risk-owner', owner);
  await page.click('.risk-editor button[type=submit]');
  await page.waitForSelector('.shell[data-saved="true"]');
}

test('a copy sent by email comes back edited and is merged into the original, one conflict settled', async () => {
  const { context, page } = await open();
  await page.waitForSelector('.shell[data-saved="true"]');
  await page.setViewportSize({ width: 1440, height: 900 });
  // Export: the file's lineage ends with a new revision id, which the register keeps too.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('text=Export JSON')]);
  const sent = path.join(scratch, 'sent.json');
  await download.saveAs(sent);
  const copy = JSON.parse(readFileSync(sent, 'utf8'));
  assert.equal(copy.lineage.length, 1);
  assert.match(copy.lineage[0], /^[0-9a-f]{32}$/);
  await page.waitForSelector('.shell[data-saved="true"]');

  // Here: get new owners.
  await setOwner(page, 'R-001', 'Chief Risk Officer');
  await setOwner(page, 'R-003', 'Head of Fraud');
  // There (a colleague, by email): R-001 gets another owner (a conflict), R-002 a new one, and a risk is added.
  const risk = (id) => copy.risks.find((r) => r.id === id);
  risk('R-001').owner = 'Head of Operational Resilience';
  risk('R-002').owner = 'Head of Digital Channels';
  copy.risks.push({ id: 'R-099', title: 'Colleague adds a risk', inherent: { impact: 4, likelihood: 3 } });
  const back = path.join(scratch, 'came-back.json');
  writeFileSync(back, JSON.stringify(copy, null, 2));

  await pick(page, back);
  await page.waitForSelector('.arrived >> text=came-back.json is a copy of');
  await page.screenshot({ path: path.join(shots, 'travel-arrived-1440.png') });
  await page.click('.arrived >> text=Merge into');
  await page.waitForSelector('.merge .conflicts');
  assert.equal(await page.$$eval('.merge fieldset.conflict', (f) => f.length), 1);
  assert.equal(await page.textContent('.merge fieldset.conflict legend'), '$.risks[id="R-001"].owner');
  const conflict = await page.textContent('.merge fieldset.conflict');
  assert.match(conflict, /Chief Risk Officer/);
  assert.match(conflict, /Head of Operational Resilience/);
  assert.equal(await page.isDisabled('text=Save the merged register'), true, 'nothing saved before every conflict has a choice');
  await page.check('#conflict-0-theirs');
  await page.waitForSelector('.merge .taken');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'conflict-0-theirs', 'the choice keeps the focus as the view is drawn again');
  assert.equal(await page.isChecked('#conflict-0-theirs'), true);
  const taken = await page.textContent('.merge .taken');
  assert.match(taken, /R-002/);
  assert.match(taken, /R-099/);
  assert.doesNotMatch(taken, /R-003/, 'our own change is not a change the merge makes');
  await page.screenshot({ path: path.join(shots, 'travel-merge-1440.png'), fullPage: true });
  await page.click('text=Save the merged register');
  await page.waitForSelector('.shell[data-saved="true"]');

  // Both sides' changes are in the register now, and the merge is one revision, undoable.
  const owner = async (id) => {
    await page.goto(env.origin + `/#/risk/${id}`);
    await page.waitForSelector('.risk-editor');
    return page.inputValue('#risk-owner');
  };
  assert.equal(await owner('R-001'), 'Head of Operational Resilience', 'the side chosen');
  assert.equal(await owner('R-002'), 'Head of Digital Channels', 'theirs');
  assert.equal(await owner('R-003'), 'Head of Fraud', 'ours');
  assert.equal(await owner('R-099'), '', 'their new risk is here');
  await page.goto(env.origin + '/#/registers');
  await page.waitForSelector('.revision-list');
  assert.match(await page.textContent('.revision-list tbody tr:first-child'), /Merged came-back\.json/);

  // What changed since the export: that revision compared with now.
  const exportRow = page.locator('.revision-list tbody tr', { hasText: 'Exported as' });
  await exportRow.locator('text=Compare with now').click();
  await page.waitForSelector('.compare .change-group');
  const groups = await page.$$eval('.compare .change-group h3', (h) => h.map((x) => x.textContent));
  assert.ok(['R-001', 'R-002', 'R-003', 'R-099'].every((id) => groups.some((g) => g.includes(id))), groups.join(' | '));
  await page.check('#changes-added');
  await page.waitForSelector('#changes-added:checked');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'changes-added', 'the filter keeps the focus');
  assert.deepEqual(await page.$$eval('.compare .change-group h3 code', (c) => c.map((x) => x.textContent)), ['R-099']);
  assert.match(await page.textContent('.analysis-changes'), /New findings.*RISK_ABOVE_APPETITE R-099/s);
  await page.screenshot({ path: path.join(shots, 'travel-compare-1440.png'), fullPage: true });

  // Any two kept revisions: from the export to the last edit before the merge, only our own two changes.
  await page.goto(env.origin + '/#/registers');
  await page.waitForSelector('.revision-list');
  const seqOf = async (text) => (await page.locator('.revision-list tbody tr', { hasText: text }).first().locator('td').first().textContent()).trim();
  await page.selectOption('#compare-old', await seqOf('Exported as'));
  await page.selectOption('#compare-new', await seqOf('Saved risk R-003'));
  await page.click('.compare-revisions button[type=submit]');
  await page.waitForFunction(() => document.querySelector('#compare-title')?.textContent.includes('Saved risk R-003'));
  assert.deepEqual(await page.$$eval('.compare .change-group h3 code', (c) => c.map((x) => x.textContent)), ['R-001', 'R-003']);
  clean(page);
  await context.close();
});

test('a file without shared history is compared with the open register and its changes taken one by one', async () => {
  const { context, page } = await open();
  await page.waitForSelector('.shell[data-saved="true"]');
  const other = JSON.parse(readFileSync(path.join(import.meta.dirname, '..', '..', 'examples', 'online-banking.json'), 'utf8'));
  other.risks[4].owner = 'Taken owner';
  other.risks[5].title = 'Left alone';
  const file = path.join(scratch, 'unrelated.json');
  writeFileSync(file, JSON.stringify(other));
  await page.goto(env.origin + '/#/registers');
  await page.setInputFiles('#compare-file', file);
  await page.waitForSelector('.compare .change-group');
  assert.equal(await page.$$eval('.compare tr.change', (r) => r.length), 2);
  await page.click('button[aria-label=\'Take $.risks[id="R-005"].owner\']');
  await page.waitForFunction(() => document.querySelectorAll('.compare tr.change').length === 1);
  await page.waitForSelector('.shell[data-saved="true"]');
  await page.goto(env.origin + '/#/risk/R-005');
  await page.waitForSelector('.risk-editor');
  assert.equal(await page.inputValue('#risk-owner'), 'Taken owner');
  clean(page);
  await context.close();
});
