// The management review pack (SPEC §9.4) in the app: the same page as
// `rampart report`, printed to PDF on A4 and Letter (pages counted, every risk
// id of a 200-risk register in the text, the pages looked at as pictures), and
// a review recorded in the register, which the next pack starts from.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { env, root, shots, scratch, useBrowser, open, clean, pick } from './helpers.mjs';
import { pdfText, pdfPictures } from './pdf.mjs';

useBrowser();

/** The browser's date, as the app's analysis date. */
async function today(page) {
  return page.evaluate(() => {
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  });
}

function rampart(...args) {
  return execFileSync('cargo', ['run', '-q', '--locked', '-p', 'rampart-cli', '--', ...args], { cwd: root, maxBuffer: 64 << 20 });
}

async function showPack(page) {
  await page.goto(env.origin + '/#/review');
  await page.waitForSelector('.pack-frame main.pack #register');
}

test('the review pack is the page rampart report writes, and prints on A4 and Letter without the app around it', async () => {
  const { context, page } = await open();
  await page.waitForSelector('.shell[data-saved="true"]');
  // Exported, the register kept here is the file's very text: the pack names that file.
  const [exported] = await Promise.all([page.waitForEvent('download'), page.click('text=Export JSON')]);
  const file = path.join(scratch, 'review-register.json');
  await exported.saveAs(file);
  await page.waitForSelector('.shell[data-saved="true"]');
  await showPack(page);
  const sha = createHash('sha256').update(readFileSync(file)).digest('hex');
  assert.equal(await page.textContent('.pack .hash'), sha);
  // The example's Q3 review: its decisions, one overdue, and the changes counted from it.
  const previous = await page.textContent('.pack #previous-review');
  assert.match(previous, /Q3 operational resilience review/);
  assert.match(previous, /MR-2026-Q3-D2.*overdue/s);
  assert.match(await page.textContent('.pack #changes'), /Compared with the review of 2026-09-15\./);
  await page.setViewportSize({ width: 1280, height: 1000 });
  await page.screenshot({ path: path.join(shots, 'review-pack-1280.png') });

  // Saved from the app, byte for byte what the command line writes for that file and day.
  const [saved] = await Promise.all([page.waitForEvent('download'), page.click('text=Save as HTML')]);
  const fromApp = path.join(scratch, 'review-from-app.html');
  await saved.saveAs(fromApp);
  const fromCli = rampart('report', file, '--today', await today(page));
  assert.equal(readFileSync(fromApp, 'utf8'), fromCli.toString('utf8'));

  // Printed from the app: no header, navigation or controls; the footer names the register.
  for (const format of ['A4', 'Letter']) {
    const pdf = await page.pdf({ format });
    const pages = await pdfText(env.browser, pdf);
    assert.ok(pages.length >= 5, `${format}: ${pages.length} pages`);
    const all = pages.join('\n');
    assert.doesNotMatch(all, /Export JSON|Count changes from|Skip to content/, 'no toolbar or controls');
    pages.forEach((text, k) => {
      assert.match(text, new RegExp(`Page ${k + 1} of ${pages.length}`), `${format} page ${k + 1} is numbered`);
      assert.match(text, /Online banking: operational resilience register/, `${format} page ${k + 1} has the footer`);
    });
    assert.match(pages[0], /Management review/);
    writeFileSync(path.join(scratch, `review-${format}.pdf`), pdf);
    if (format === 'A4') await pdfPictures(env.browser, pdf, path.join(shots, 'review-pack-a4'));
  }
  clean(page);
  await context.close();
});

test('for the other examples too, the app saves the pack the command line writes, counted from a kept revision', async () => {
  for (const name of ['hospital-risk-register.json', 'manufacturing-bia.json']) {
    const { context, page } = await open();
    await pick(page, path.join(root, 'examples', name));
    await page.waitForFunction(() => document.querySelector('h1.register-name')?.textContent !== 'Online banking: operational resilience register');
    await page.waitForSelector('.shell[data-saved="true"]');
    const [exported] = await Promise.all([page.waitForEvent('download'), page.click('text=Export JSON')]);
    const file = path.join(scratch, `review-${name}`);
    await exported.saveAs(file);
    await page.waitForSelector('.shell[data-saved="true"]');
    await showPack(page);
    const [saved] = await Promise.all([page.waitForEvent('download'), page.click('text=Save as HTML')]);
    const fromApp = path.join(scratch, `review-${name}.html`);
    await saved.saveAs(fromApp);
    assert.equal(readFileSync(fromApp, 'utf8'), rampart('report', file, '--today', await today(page)).toString('utf8'), name);
    // Counted from the revision the file was opened as: the changes the export made (none that count).
    const opened = await page.$eval('#review-since', (s) => [...s.options].find((o) => /Opened|Imported/.test(o.textContent))?.value);
    assert.ok(opened, 'the revisions are offered');
    await page.selectOption('#review-since', opened);
    await page.waitForFunction(() => /Compared with revision/.test(document.querySelector('.pack #changes')?.textContent ?? ''));
    assert.match(await page.textContent('.pack #changes'), /New risks \(0\)/);
    clean(page);
    await context.close();
  }
});

test('every risk of a 200-risk register is in the printed pack, tables break between rows', async () => {
  const big = path.join(scratch, 'review-200.json');
  writeFileSync(big, rampart('gen', '--risks', '200', '--services', '40', '--customer-slas', '4', '--underpinning', '8'));
  const ids = JSON.parse(readFileSync(big, 'utf8')).risks.map((r) => r.id);
  assert.equal(ids.length, 200);
  const { context, page } = await open();
  await pick(page, big);
  await page.waitForFunction(() => document.querySelector('h1.register-name')?.textContent !== 'Online banking: operational resilience register');
  await showPack(page);
  const pdf = await page.pdf({ format: 'A4' });
  const pages = await pdfText(env.browser, pdf);
  const all = pages.join('\n');
  const missing = ids.filter((id) => !new RegExp(`(^|\\s)${id}(\\s|$)`).test(all));
  assert.deepEqual(missing, [], 'every risk id is printed');
  // The register table runs over several pages, its header on each.
  const withHeader = pages.filter((p) => /Risk\s+Title\s+Kind\s+Status/.test(p)).length;
  assert.ok(withHeader >= 3, `the risk table's header repeats (${withHeader} pages)`);
  const pictures = await pdfPictures(env.browser, pdf, path.join(shots, 'review-200-a4'));
  assert.equal(pictures.length, pages.length);
  clean(page);
  await context.close();
});

test('a review is recorded with its decisions, and the pack and the findings follow it', async () => {
  const { context, page } = await open();
  await page.waitForSelector('.shell[data-saved="true"]');
  await showPack(page);
  assert.match(await page.textContent('.pack #decisions'), /Attendees:/, 'a blank decisions table to fill in');
  await page.click('text=Record this review');
  await page.waitForSelector('.review-editor');
  await page.fill('#review-title-input', 'Q4 operational resilience review');
  await page.fill('#review-attendees', 'Chief Operating Officer\nChief Risk Officer');
  await page.click('text=Add decision');
  await page.fill('#decision-0-text', 'Fund a <b>second</b> data centre');
  await page.fill('#decision-0-owner', 'Chief Operating Officer');
  await page.fill('#decision-0-due', '2020-01-31');
  await page.click('text=Add decision');
  await page.fill('#decision-1-due', '2027-01-31');
  await page.click('.review-editor button[type=submit]');
  assert.match(await page.textContent('#decision-1-notes'), /Decision 2: say what was decided/, 'the problem is said at its input');
  assert.equal(await page.getAttribute('#decision-1-text', 'aria-invalid'), 'true');
  await page.screenshot({ path: path.join(shots, 'review-editor-1280.png'), fullPage: true });
  assert.equal(await page.inputValue('#decision-0-text'), 'Fund a <b>second</b> data centre', 'what was typed stays');
  await page.fill('#decision-1-text', 'Close the service desk OLA gap');
  await page.fill('#decision-1-due', '');
  await page.click('.review-editor button[type=submit]');
  await page.waitForSelector('.shell[data-saved="true"]');
  await page.waitForSelector('text=Overdue decisions of the saved review');

  await showPack(page);
  const decisions = await page.textContent('.pack #decisions');
  assert.match(decisions, /Q4 operational resilience review/);
  assert.match(decisions, /Fund a <b>second<\/b> data centre/, 'markup typed in is text');
  assert.match(await page.textContent('.pack #previous-review'), /Q3 operational resilience review/, 'the previous review is still the one before');
  await page.goto(env.origin + '/#/findings');
  await page.waitForSelector('text=REVIEW_DECISION_OVERDUE');

  // The register file carries the review; the example's own review is unchanged.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('text=Export JSON')]);
  const file = path.join(scratch, 'review-recorded.json');
  await download.saveAs(file);
  const reviews = JSON.parse(readFileSync(file, 'utf8')).reviews;
  const example = JSON.parse(readFileSync(path.join(root, 'examples', 'online-banking.json'), 'utf8')).reviews;
  assert.deepEqual(reviews[0], example[0]);
  assert.equal(reviews[1].title, 'Q4 operational resilience review');
  assert.deepEqual(reviews[1].attendees, ['Chief Operating Officer', 'Chief Risk Officer']);
  assert.deepEqual(reviews[1].decisions.map((d) => [d.text, d.status, d.due]), [
    ['Fund a <b>second</b> data centre', 'open', '2020-01-31'],
    ['Close the service desk OLA gap', 'open', undefined],
  ]);
  clean(page);
  await context.close();
});
