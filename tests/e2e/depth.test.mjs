// Continuity depth in the app (SPEC §9.2): why a node is late, a failure
// scenario's plan, single points of failure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { shots, useBrowser, open, clean } from './helpers.mjs';

useBrowser();

test('a late node says what it waited for, a scenario recovers only what it takes down, single points are listed', async () => {
  const { context, page } = await open();
  await page.click('nav >> text=Continuity');
  await page.waitForSelector('table.recovery');
  const row = page.locator('table.recovery tr', { has: page.locator('a.id', { hasText: /^payments$/ }) });
  await row.locator('summary >> text=Why late').click();
  assert.equal(await row.locator('td.why p').first().textContent(),
    'payments 8.5 h ← payments-api 7.5 h ← core-banking 6.5 h ← database 3.5 h ← dc-primary 1.5 h');
  assert.equal(await row.locator('td.why p').nth(1).textContent(), 'It starts 7.5 h into the disruption; its recovery takes 1 h, so it would have to start by 1 h to meet its RTO of 2 h.');
  // Its path is drawn on the timeline, far above the table: the focus goes there.
  await row.locator('button:text-is("Path")').click();
  await page.waitForFunction(() => document.activeElement?.id === 'path-clear');
  assert.match(await page.textContent('figure.gantt figcaption'), /In bold: what payments waited for/);
  const chart = await page.locator('figure.gantt').boundingBox();
  assert.ok(chart.y < 860 && chart.y + chart.height > 0, 'the timeline is in view');
  await page.click('#path-clear');
  // The node's editor shows the same chain.
  await row.locator('a.id').click();
  await page.waitForSelector('.plan-place >> text=payments 8.5 h ← payments-api 7.5 h ← core-banking 6.5 h');
  // Deleting a node warns of everything that names it, scenarios and exercises too.
  await page.goto(page.url().replace(/#.*/, '#/service/dc-primary'));
  await page.waitForSelector('.service-editor .warning >> text=scn-dc-primary');
  assert.match(await page.textContent('.service-editor .actions .warning'), /ex-2026-05/);
  await page.click('nav >> text=Continuity');
  await page.waitForSelector('table.recovery');
  const points = await page.textContent('.single-points li:has(a.id:text-is("online-banking"))');
  assert.match(points, /dc-primary/);
  assert.doesNotMatch(points, /isp-north/, 'two ISPs: neither is a single point');
  // The map marks the nodes recovered after their RTO.
  const lateRows = await page.$$eval('table.recovery tbody tr.late', (rows) => rows.length);
  assert.equal((await page.$$('.dependency-map a[aria-label*="recovered after its RTO"], figure a[aria-label*="recovered after its RTO"]')).length, lateRows);
  await page.screenshot({ path: path.join(shots, 'plan-why-late.png'), fullPage: true });

  const all = await page.$$eval('table.recovery tbody tr', (rows) => rows.length);
  await page.selectOption('#scenario', { label: 'ISP North outage (scn-isp-north)' });
  await page.waitForSelector('.scenario-banner >> text=Scenario: ISP North outage');
  const ids = await page.$$eval('table.recovery tbody tr td:nth-child(2)', (c) => c.map((x) => x.textContent));
  assert.deepEqual(ids, ['isp-north'], 'the other ISP carries online banking');
  await page.selectOption('#scenario', { label: 'Primary data centre lost (scn-dc-primary)' });
  await page.waitForFunction(() => document.querySelectorAll('table.recovery tbody tr').length > 1);
  const lost = await page.$$eval('table.recovery tbody tr', (rows) => rows.length);
  assert.ok(lost < all, `${lost} of ${all} nodes need recovery when only the data centre is lost`);
  await page.screenshot({ path: path.join(shots, 'plan-scenario.png'), fullPage: true });
  await page.selectOption('#scenario', '');
  await page.waitForFunction((n) => document.querySelectorAll('table.recovery tbody tr').length === n, all);
  clean(page);
  await context.close();
});
