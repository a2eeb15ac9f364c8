// The workspace, as its users would tell it: nothing a click, a second tab, a
// refused file, a storage fault or a large register does may lose their work.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { root, shots, scratch, env, useBrowser, open, clean, pick, scratchFile, newRegister } from './helpers.mjs';

useBrowser();

const BANK = 'Online banking: operational resilience register';
const PLANT = 'Plant 2 business impact analysis';

async function saved(page) {
  await page.waitForSelector('.shell[data-saved="true"]');
}

/** How many risks the open register has, from the risk table's title. */
async function riskCount(page) {
  await page.click('nav >> text=Risks');
  await page.waitForSelector('#risks-title');
  return Number((await page.textContent('#risks-title')).match(/of (\d+) risks/)[1]);
}

async function deleteRisk(page, id) {
  await page.goto(page.url().split('#')[0] + `#/risk/${id}`);
  await page.click('button:has-text("Delete")');
  await page.waitForSelector('#risks-title');
}

/** The names in the register list, and each row's text. */
async function registerList(page) {
  await page.click('.registers-link');
  await page.waitForSelector('table.register-list');
  return page.$$eval('table.register-list tbody tr', (rows) => rows.map((r) => r.textContent));
}

/** Writes a value under `registers/current`, as version 1 of the app kept its one register. */
async function keepAsVersion1(page, value) {
  await page.goto(env.origin + '/styles/app.css');
  await page.evaluate((value) => new Promise((resolve, reject) => {
    const open = indexedDB.open('rampart', 1);
    open.onupgradeneeded = () => open.result.createObjectStore('registers');
    open.onsuccess = () => {
      const tx = open.result.transaction('registers', 'readwrite');
      tx.objectStore('registers').put(value, 'current');
      tx.oncomplete = () => { open.result.close(); resolve(); };
      tx.onerror = () => reject(tx.error);
    };
    open.onerror = () => reject(open.error);
  }), value);
}

async function version1Value(page) {
  return page.evaluate(() => new Promise((resolve) => {
    const open = indexedDB.open('rampart');
    open.onsuccess = () => {
      const get = open.result.transaction('registers').objectStore('registers').get('current');
      get.onsuccess = () => { open.result.close(); resolve(get.result); };
    };
  }));
}

test('a register kept by the earlier version that no longer opens is kept untouched, listed with the reason, and can be downloaded', async () => {
  const cut = readFileSync(path.join(root, 'examples', 'online-banking.json'), 'utf8').slice(0, 5000);
  for (const [value, reason] of [[cut, /EOF while parsing|end of the file|cut short/i], [42, /not text but a JavaScript number/]]) {
    const context = await env.browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await keepAsVersion1(page, value);
    await page.goto(env.origin + '/');
    await page.waitForSelector('table.register-list tr.unreadable');
    const row = await page.textContent('table.register-list tr.unreadable');
    assert.match(row, /Cannot be opened/);
    assert.match(row, reason);
    assert.match(await page.textContent('.notice.error'), /Could not open/);
    await page.screenshot({ path: path.join(shots, 'unreadable-register.png'), fullPage: true });
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('tr.unreadable >> text=Download as stored')]);
    const file = path.join(scratch, 'kept-as-stored.json');
    await download.saveAs(file);
    assert.equal(readFileSync(file, 'utf8'), typeof value === 'string' ? value : JSON.stringify(value), 'the bytes as stored');
    // Opening the example adds a register; the unreadable one is never written over.
    await page.click('text=Load example');
    await page.waitForSelector(`h1.register-name >> text=${BANK}`);
    await saved(page);
    await page.reload();
    await page.waitForSelector(`h1.register-name >> text=${BANK}`);
    assert.deepEqual(await version1Value(page), value);
    const rows = await registerList(page);
    assert.equal(rows.length, 2);
    assert.ok(rows.some((r) => /Cannot be opened/.test(r)));
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test('a stored revision from a newer version is kept and listed, not replaced by the example', async () => {
  const { context, page } = await open();
  await saved(page);
  // Make the stored register a file of a newer format version.
  await page.evaluate(() => new Promise((resolve) => {
    const open = indexedDB.open('rampart');
    open.onsuccess = () => {
      const tx = open.result.transaction(['entries', 'revisions'], 'readwrite');
      const entries = tx.objectStore('entries');
      const keys = entries.getAllKeys();
      keys.onsuccess = () => {
        const key = keys.result[0];
        const newer = JSON.stringify({ format: 'rampart-register', version: 2, name: 'From the future' });
        tx.objectStore('revisions').put({ body: new Blob([newer]) }, `${key}/000000000001`);
      };
      tx.oncomplete = () => { open.result.close(); resolve(); };
    };
  }));
  await page.reload();
  await page.waitForSelector('table.register-list tr.unreadable');
  assert.match(await page.textContent('tr.unreadable'), /newer/i);
  assert.equal(await page.$('h1.register-name'), null, 'nothing is opened over it');
  clean(page);
  await context.close();
});

test('opening a file, the example or a new register adds a register and never replaces one', async () => {
  const { context, page } = await open();
  await deleteRisk(page, 'R-001');
  await saved(page);
  await pick(page, path.join(root, 'examples', 'manufacturing-bia.json'));
  await page.waitForSelector(`h1.register-name >> text=${PLANT}`);
  await page.click('text=Load example');
  await page.waitForFunction((n) => document.querySelector('h1.register-name')?.textContent === n, BANK);
  await newRegister(page, 'Scratch pad');
  await saved(page);
  const rows = await registerList(page);
  assert.equal(rows.length, 4, rows.join('\n'));
  assert.equal(rows.filter((r) => r.includes(BANK)).length, 2);
  await page.screenshot({ path: path.join(shots, 'register-list.png'), fullPage: true });
  // The edited bank register is still there as it was left: 23 risks.
  const edited = await page.$$('table.register-list tbody tr');
  const counts = [];
  for (let i = 0; i < 4; i++) {
    const row = (await page.$$('table.register-list tbody tr'))[i];
    if (!(await row.textContent()).includes(BANK)) continue;
    await row.$('text=Open').then((b) => b.click());
    await page.waitForSelector(`h1.register-name >> text=${BANK}`);
    counts.push(await riskCount(page));
    await page.click('.registers-link');
    await page.waitForSelector('table.register-list');
  }
  assert.equal(edited.length, 4);
  assert.deepEqual(counts.sort(), [23, 24]);
  // Delete moves a register to the bin, from where it comes back.
  const scratchRow = 'table.register-list tbody tr:has-text("Scratch pad")';
  await page.click(`${scratchRow} >> text=Delete`);
  await page.waitForSelector('table.bin >> text=Scratch pad');
  assert.match(await page.textContent('table.bin'), /30/);
  await page.click('table.bin >> text=Restore');
  await page.waitForSelector(scratchRow);
  // Rename and duplicate from the list.
  await page.click(`${scratchRow} >> text=Rename`);
  await page.fill('#rename-input', 'Scratch pad 2027');
  await page.click('form.rename >> text=Rename');
  await page.waitForSelector('table.register-list >> text=Scratch pad 2027');
  await page.click('table.register-list tbody tr:has-text("Scratch pad 2027") >> text=Duplicate');
  await page.waitForSelector('table.register-list >> text=Scratch pad 2027 (copy)');
  clean(page);
  await context.close();
});

test("a colleague's tab cannot erase my edit: the second save is refused, and keeping both keeps both", async () => {
  const context = await env.browser.newContext({ acceptDownloads: true });
  const { page: mine } = await open(context);
  await saved(mine);
  const { page: theirs } = await open(context);
  assert.equal(await theirs.textContent('h1.register-name'), BANK, 'the same register in both tabs');
  // They delete R-001 and it is saved; I, not having reloaded, delete R-002.
  await deleteRisk(theirs, 'R-001');
  await saved(theirs);
  await mine.waitForSelector('.notice.conflict');
  // Nothing of mine is unsaved yet: theirs is simply newer, nothing to keep.
  assert.match(await mine.textContent('.save-status'), /Another tab saved a newer revision/);
  assert.equal(await mine.$('.notice.conflict >> button:has-text("Keep both")'), null);
  await deleteRisk(mine, 'R-002');
  await mine.waitForSelector('.notice.conflict >> button:has-text("Keep both")');
  assert.match(await mine.textContent('.save-status'), /Not saved/);
  // An editor's save says so too: the change is made here, not kept yet.
  await mine.goto(env.origin + '/#/risk/R-003');
  await mine.waitForSelector('#risk-subcategory');
  await mine.fill('#risk-subcategory', 'Edited while in conflict');
  await mine.click('main button[type=submit]');
  await mine.waitForSelector('.saved-here.warning >> text=Not saved in this browser: see the notice above');
  assert.ok(!(await mine.textContent('.saved-here')).includes('✓ Saved'));
  await mine.screenshot({ path: path.join(shots, 'changed-in-another-tab.png') });
  await mine.click('.notice.conflict >> button:has-text("Keep both")');
  await saved(mine);
  assert.match(await mine.textContent('h1.register-name'), /\(copy\)$/);
  assert.equal(await riskCount(mine), 23);
  // Theirs is as they left it, mine is a copy: after reloading both, each has its edit.
  await theirs.reload();
  await theirs.waitForSelector('h1.register-name');
  assert.equal(await theirs.textContent('h1.register-name'), BANK);
  await theirs.goto(env.origin + '/#/risk/R-002');
  await theirs.waitForSelector('#risk-title');
  await mine.reload();
  await mine.waitForSelector('h1.register-name');
  assert.match(await mine.textContent('h1.register-name'), /\(copy\)$/);
  await mine.goto(env.origin + '/#/risk/R-001');
  await mine.waitForSelector('#risk-title');
  // Loading theirs instead drops this tab's unsaved edit, by choice.
  await mine.click('.registers-link');
  await mine.waitForSelector('table.register-list');
  await mine.click(`table.register-list tbody tr:has-text("${BANK}"):not(:has-text("(copy)")) >> text=Open`);
  await mine.waitForFunction((n) => document.querySelector('h1.register-name')?.textContent === n, BANK);
  await deleteRisk(theirs, 'R-003');
  await saved(theirs);
  await mine.waitForSelector('.notice.conflict');
  await mine.click('.notice.conflict >> button:has-text("Load theirs")');
  await mine.waitForSelector('.notice.conflict', { state: 'detached' });
  assert.equal(await riskCount(mine), 22);
  clean(mine);
  clean(theirs);
  await context.close();
});

test('a save made from an older revision is refused even when the other tab\'s notice never came', async () => {
  const context = await env.browser.newContext();
  const { page: mine } = await open(context);
  await saved(mine);
  // This tab hears nothing of other tabs' saves.
  await mine.evaluate(() => window.addEventListener('storage', (e) => e.stopImmediatePropagation(), true));
  const { page: theirs } = await open(context);
  await deleteRisk(theirs, 'R-001');
  await saved(theirs);
  await deleteRisk(mine, 'R-002');
  await mine.waitForSelector('.notice.conflict');
  assert.match(await mine.textContent('.notice.conflict'), /revision 2/);
  await theirs.reload();
  await theirs.waitForSelector('h1.register-name');
  assert.equal(await riskCount(theirs), 23, 'their save stands');
  await theirs.goto(env.origin + '/#/risk/R-002');
  await theirs.waitForSelector('#risk-title');
  clean(mine);
  clean(theirs);
  await context.close();
});

test('undo works across a reload, and an earlier revision can be brought back', async () => {
  const { context, page } = await open();
  await deleteRisk(page, 'R-004');
  await saved(page);
  await page.reload();
  await page.waitForSelector('.notice.info >> text=Deleted risk R-004');
  await page.click('.notice.info >> text=Undo');
  await page.waitForFunction(() => document.querySelector('#risks-title')?.textContent.includes('24 of 24')
    || !document.querySelector('.notice.info'));
  assert.equal(await riskCount(page), 24);
  await saved(page);
  await deleteRisk(page, 'R-005');
  await deleteRisk(page, 'R-006');
  await saved(page);
  await page.click('.registers-link');
  await page.waitForSelector('table.revision-list');
  const revisions = await page.$$eval('table.revision-list tbody tr', (rows) => rows.map((r) => r.textContent));
  assert.match(revisions.at(-1), /^1.*Opened the example/);
  assert.ok(revisions.some((r) => /Undid: Deleted risk R-004/.test(r)), revisions.join('\n'));
  await page.screenshot({ path: path.join(shots, 'revisions.png'), fullPage: true });
  await page.click('table.revision-list tbody tr:last-child >> text=Bring back');
  await page.waitForSelector('table.revision-list >> text=Brought back revision 1');
  assert.equal(await riskCount(page), 24);
  clean(page);
  await context.close();
});

test('a register of many megabytes is saved in parts, kept across a reload, and exported whole', async () => {
  const { context, page } = await open();
  const text = JSON.stringify({
    format: 'rampart-register', version: 1, name: 'Big register',
    risks: Array.from({ length: 40 }, (_, i) => ({ id: `R${i}`, title: 'Big', description: 'é'.repeat(250_000), inherent: { impact: 1, likelihood: 1 } })),
  });
  await pick(page, scratchFile('big.json', text));
  await page.waitForSelector('text=Big register');
  await saved(page);
  await page.reload();
  await page.waitForSelector('h1.register-name >> text=Big register');
  assert.equal(await riskCount(page), 40);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('text=Export JSON')]);
  const file = path.join(scratch, 'big-exported.json');
  await download.saveAs(file);
  const exported = JSON.parse(readFileSync(file, 'utf8'));
  assert.equal(exported.risks.length, 40);
  assert.equal(exported.risks[39].description.length, 250_000, 'multi-byte text across part boundaries');
  clean(page);
  await context.close();
});

test('when storage fails the app keeps working from memory, says "not saved", asks before leaving, and loses nothing stored', async () => {
  const context = await env.browser.newContext();
  const first = await open(context);
  await pick(first.page, path.join(root, 'examples', 'manufacturing-bia.json'));
  await first.page.waitForSelector(`h1.register-name >> text=${PLANT}`);
  await saved(first.page);
  await first.page.close();
  // This browser's storage now fails to open, once.
  await context.addInitScript(() => {
    if (!localStorage.getItem('failed-once')) {
      localStorage.setItem('failed-once', '1');
      indexedDB.open = () => { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };
    }
  });
  const page = await context.newPage();
  await page.goto(env.origin + '/');
  await page.waitForSelector('text=Not saved in this browser');
  assert.match(await page.textContent('.notice.warning'), /browser storage is not available/);
  assert.match(await page.textContent('.save-status'), /Not saved/);
  await deleteRisk(page, 'R-001');
  await page.screenshot({ path: path.join(shots, 'storage-unavailable.png') });
  // Leaving with unsaved changes asks first.
  let asked = false;
  page.on('dialog', (d) => { asked = d.type() === 'beforeunload'; d.dismiss(); });
  await page.click('h1.register-name');
  await page.close({ runBeforeUnload: true });
  await new Promise((r) => setTimeout(r, 500));
  assert.ok(asked, 'a beforeunload question');
  // The next start reads storage again: the plant register is there, untouched.
  const again = await context.newPage();
  await again.goto(env.origin + '/');
  await again.waitForSelector(`h1.register-name >> text=${PLANT}`);
  await context.close();
});

test('a save with no room left says why, and the previous revision stays', async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await page.goto(env.origin + '/');
  await page.waitForSelector('h1.register-name');
  await saved(page);
  await page.evaluate(() => {
    navigator.storage.estimate = async () => ({ usage: 1000, quota: 1000 });
  });
  await deleteRisk(page, 'R-001');
  await page.waitForSelector('text=Not saved in this browser');
  assert.match(await page.textContent('.notice.warning'), /browser storage is full/);
  page.on('dialog', (d) => d.accept());
  await page.reload();
  await page.waitForSelector('h1.register-name');
  assert.equal(await riskCount(page), 24, 'the revision before the failed save');
  await context.close();
});

test('an editor keeps its unsaved changes while I look elsewhere in the app, and the page asks before I leave', async () => {
  const { context, page } = await open();
  await page.goto(env.origin + '/#/risk/R-001');
  const original = await page.inputValue('#risk-title');
  await page.fill('#risk-title', 'Ransomware (draft wording)');
  await page.click('nav >> text=Continuity');
  await page.waitForSelector('table.recovery');
  await page.click('nav >> text=Risks');
  await page.click('table.risks >> text=R-001');
  await page.waitForSelector('#risk-title');
  assert.equal(await page.inputValue('#risk-title'), 'Ransomware (draft wording)');
  assert.match(await page.textContent('.draft-notice'), /unsaved changes from before/);
  await page.screenshot({ path: path.join(shots, 'risk-editor-draft.png'), fullPage: true });
  // The save is confirmed beside the Save button, and the confirmation goes once I type again.
  await page.click('button[type=submit]');
  await page.waitForSelector('.actions .saved-here >> text=Saved');
  assert.equal(await page.$('.draft-notice'), null);
  await page.fill('#risk-description', 'More detail');
  await page.waitForSelector('.actions .saved-here >> text=Saved', { state: 'detached' });
  // Leaving with that change unsaved asks first.
  page.removeAllListeners('dialog');
  let asked = false;
  page.on('dialog', (d) => { asked = d.type() === 'beforeunload'; d.dismiss(); });
  await page.close({ runBeforeUnload: true });
  await new Promise((r) => setTimeout(r, 500));
  assert.ok(asked, 'a beforeunload question');
  // Discarding a kept draft brings back what is saved.
  const again = await context.newPage();
  await again.goto(env.origin + '/#/scales');
  await again.waitForSelector('#appetite');
  await again.fill('#appetite', '9');
  await again.click('nav >> text=Overview');
  await again.click('nav >> text=Scales');
  assert.equal(await again.inputValue('#appetite'), '9');
  await again.click('.draft-notice >> text=Discard them');
  assert.equal(await again.inputValue('#appetite'), '6');
  assert.notEqual(original, 'Ransomware (draft wording)');
  await context.close();
});

/** Whether, in the first text under `root` holding `text`, the character at `offset` of it is drawn left of the next one. */
async function drawnInOrder(page, root, text, offset) {
  return page.evaluate(([root, text, offset]) => {
    const walker = document.createTreeWalker(document.querySelector(root), NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const i = node.data.indexOf(text);
      if (i < 0) continue;
      const left = (k) => { const r = document.createRange(); r.setStart(node, k); r.setEnd(node, k + 1); return r.getBoundingClientRect().left; };
      return left(i + offset) < left(i + offset + 1);
    }
    return null;
  }, [root, text, offset]);
}

test('a right-to-left override in an id or a name cannot reorder the app\'s own text', async () => {
  const { context, page } = await open();
  const rlo = '\u202e';
  await pick(page, scratchFile('bidi.json', JSON.stringify({
    format: 'rampart-register', version: 1, name: `Bank${rlo} register`, organization: `North${rlo}bridge`,
    risks: [{ id: `R${rlo}-9`, title: `Fraud${rlo} ring`, owner: `CFO${rlo}`, review_date: '2020-01-31', inherent: { impact: 4, likelihood: 4 } }],
  })));
  await page.waitForSelector('.badges');
  // The method sees a reversal where one happens: an override left bare in a text of the page's.
  await page.evaluate((rlo) => {
    const div = document.createElement('div');
    div.id = 'bare';
    div.textContent = `R${rlo}-9: residual score 16`;
    document.body.append(div);
  }, rlo);
  assert.equal(await drawnInOrder(page, '#bare', 'score 16', 6), false, 'bare, "16" would read "61"');
  await page.click('nav >> text=Findings');
  await page.waitForSelector('table.findings');
  assert.equal(await drawnInOrder(page, 'table.findings', 'residual score 16', 15), true, '"16" reads 16');
  assert.equal(await drawnInOrder(page, 'table.findings', 'due on 2020-01-31', 7), true, 'the date reads forwards');
  assert.equal(await drawnInOrder(page, '.badges', 'warning', 0), true, 'the header after the name reads forwards');
  await page.click('nav >> text=Risks');
  await page.waitForSelector('table.risks');
  await page.screenshot({ path: path.join(shots, 'bidi.png') });
  clean(page);
  await context.close();
});

test('editing in the app changes only what I changed: unknown fields, untouched text and big numbers survive to the export', async () => {
  const { context, page } = await open();
  const big = '123456789012345678901234567890';
  const original = `{
  "format": "rampart-register", "version": 1, "name": "Kept exactly",
  "x-audit": {"ticket": ${big}},
  "scales": {"appetite": 6, "x-scale-note": "board approved",
             "bands": [{"name": "Low", "min": 1, "x-band": [${big}]}, {"name": "High", "min": 10, "color": "#c62828"}]},
  "risks": [{"id": "R1", "title": "Flood", "description": "Two lines\\nand a trailing line end\\n",
             "inherent": {"impact": 4, "likelihood": 4},
             "residual": {"impact": 2, "likelihood": 2, "x-why": "sandbags"},
             "target": {"impact": 1, "likelihood": 1, "x-why": ${big}}}]
}`;
  await pick(page, scratchFile('kept.json', original));
  await page.waitForSelector('h1.register-name >> text=Kept exactly');
  // Scales: only the appetite changes.
  await page.click('nav >> text=Scales');
  await page.fill('#appetite', '8');
  await page.click('text=Apply to the register');
  await page.waitForSelector('.actions .saved-here >> text=Saved');
  // The risk: only the title changes.
  await page.goto(env.origin + '/#/risk/R1');
  await page.fill('#risk-title', 'River flood');
  await page.click('button[type=submit]');
  await page.waitForSelector('.actions .saved-here >> text=Saved');
  await saved(page);
  await page.reload();
  await page.waitForSelector('h1.register-name >> text=Kept exactly');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('text=Export JSON')]);
  const file = path.join(scratch, 'kept-exported.json');
  await download.saveAs(file);
  const text = readFileSync(file, 'utf8');
  assert.equal(text.split(big).length - 1, 3, 'each big integer keeps every digit');
  // JSON.parse rounds big numbers: compare with them masked.
  const masked = (t) => JSON.parse(t.replaceAll(big, '"BIG"'));
  const before = masked(original);
  const after = masked(text);
  delete after.updated;
  assert.equal(after.lineage.length, 1, 'the export appends its revision id');
  delete after.lineage;
  before.scales.appetite = 8;
  before.risks[0].title = 'River flood';
  // Export always writes the four lists (ARCHITECTURE.md, decisions).
  for (const list of ['services', 'suppliers', 'agreements']) before[list] ??= [];
  assert.deepEqual(after, before);
  clean(page);
  await context.close();
});

test('a file too large for the page to hold is refused with the reason, before it is read', async () => {
  const context = await env.browser.newContext();
  await context.addInitScript(() => {
    Object.defineProperty(File.prototype, 'size', { get: () => 900_000_000 });
  });
  const { page } = await open(context);
  await pick(page, path.join(root, 'examples', 'manufacturing-bia.json'));
  await page.waitForSelector('.notice.error >> text=too large to open here');
  assert.match(await page.textContent('.notice.error'), /900 MB.*at most 800 MB.*command line/s);
  assert.equal(await page.textContent('h1.register-name'), BANK, 'the register on screen stays');
  clean(page);
  await context.close();
});
