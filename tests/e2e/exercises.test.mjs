// Scenarios and exercises in the app (SPEC §9.2): the editors, the critical
// path on the timeline, single points on the map, an exercise planned against
// actual, lessons made risks and actions; the SLA matrix's honest cells.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { env, shots, useBrowser, open, clean } from './helpers.mjs';

useBrowser();

test('a chosen node\'s critical path is drawn on the timeline and a service\'s single points are outlined on the map', async () => {
  const { context, page } = await open();
  await page.click('nav >> text=Continuity');
  await page.waitForSelector('table.recovery');
  assert.equal(await page.$$eval('figure.gantt svg text[font-weight="bold"]', (t) => t.length), 0);
  await page.click('button[aria-label="Path of payments on the timeline"]');
  await page.waitForSelector('figure.gantt figcaption >> text=In bold: what payments waited for');
  // payments ← payments-api ← core-banking ← database ← dc-primary: five bold labels.
  const bold = await page.$$eval('figure.gantt svg text[font-weight="bold"]', (t) => t.map((x) => x.textContent.trim()));
  assert.equal(bold.length, 5, bold.join(' | '));
  assert.ok(bold.some((t) => t.includes('dc-primary')), bold.join(' | '));
  assert.equal(await page.getAttribute('button[aria-label="Path of payments on the timeline"]', 'aria-pressed'), 'true');

  const listed = await page.$$eval('.single-points li:has(a.id:text-is("online-banking")) a.id', (a) => a.slice(1).map((x) => x.textContent));
  assert.ok(listed.length > 0);
  assert.equal((await page.$$('.dependency-map a[aria-label*="single point of failure"]')).length, 0);
  await page.click('button[aria-label="Show on map the single points of failure of online-banking"]');
  await page.waitForSelector('.dependency-map a[aria-label*="single point of failure"]');
  const outlined = await page.$$eval('.dependency-map a[aria-label*="single point of failure"]', (a) => a.map((x) => x.getAttribute('aria-label').split(' ')[0]));
  assert.deepEqual(outlined.sort(), [...listed].sort());
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.screenshot({ path: path.join(shots, 'plan-critical-path-1440.png'), fullPage: true });
  clean(page);
  await context.close();
});

test('a scenario is created from the plan, shows what it takes down, and its plan is one click away', async () => {
  const { context, page } = await open();
  await page.click('nav >> text=Continuity');
  await page.click('.scenarios >> text=New scenario');
  await page.waitForSelector('.scenario-editor');
  assert.equal(await page.isDisabled('.scenario-editor button[type=submit]'), true, 'nothing lost yet');
  await page.fill('#scenario-id', 'scn-identity');
  await page.fill('#scenario-name', 'Identity provider down');
  await page.selectOption('#scenario-fails', ['identity']);
  await page.click('.scenario-editor button[type=submit]');
  await page.waitForFunction(() => location.hash === '#/scenario/scn-identity');
  const down = await page.textContent('.scenario-editor .plan-place p');
  assert.match(down, /^2 of 14 nodes need recovery: online-banking, identity\. Every other node keeps running\./);
  await page.click('.scenario-editor >> text=See its recovery plan');
  await page.waitForSelector('.scenario-banner >> text=Scenario: Identity provider down');
  const ids = await page.$$eval('table.recovery tbody td:nth-child(2)', (c) => c.map((x) => x.textContent));
  assert.ok(ids.includes('identity') && !ids.includes('dc-primary'), ids.join(' '));
  // The map fades what keeps running; the breaches listed are the scenario's own.
  assert.equal((await page.$$('.dependency-map a[aria-label*="keeps running in the scenario"]')).length, 12);
  const breaches = await page.$$eval('.scenario-findings li', (l) => l.map((x) => x.textContent));
  const late = await page.$$eval('table.recovery tbody tr.late td:nth-child(2)', (c) => c.map((x) => x.textContent));
  assert.equal(breaches.length, late.length);
  assert.ok(breaches.every((b) => b.startsWith('BIA_RTO_BREACH')), breaches.join(' | '));
  // Listed with the others; a renamed scenario takes its exercises with it.
  await page.click('.scenarios a.id:text-is("scn-dc-primary")');
  await page.fill('#scenario-id', 'scn-dc-1');
  await page.click('.scenario-editor button[type=submit]');
  await page.waitForFunction(() => location.hash === '#/scenario/scn-dc-1');
  await page.goto(env.origin + '/#/exercise/ex-2026-05');
  await page.waitForSelector('.exercise-editor');
  assert.equal(await page.inputValue('#exercise-scenario'), 'scn-dc-1');
  clean(page);
  await context.close();
});

test('an exercise is recorded, its findings and planned-against-actual chart shown, and its lessons become an action and a risk', async () => {
  const { context, page } = await open();
  await page.setViewportSize({ width: 1440, height: 900 });
  // The example's exercise: four results past their RTO, drawn beside the plan.
  await page.goto(env.origin + '/#/exercise/ex-2026-05');
  await page.waitForSelector('.exercise-editor figure.exercise svg');
  assert.equal(await page.$$eval('.exercise-editor .live li.warning', (l) => l.length), 4);
  assert.match(await page.getAttribute('figure.exercise', 'aria-label'), /database: back after 4.5 h, planned 3.5 h, RTO 4 h/);
  await page.screenshot({ path: path.join(shots, 'exercise-planned-actual-1440.png'), fullPage: true });

  // A lesson becomes an action on R-001 at once.
  await page.fill('#lesson-0-risk', 'R-001');
  await page.click('.lesson:has(#lesson-0) >> text=Add as action');
  await page.waitForSelector('.lessons .hint >> text=Made from its lessons');
  const made = await page.textContent('.lessons p.hint');
  assert.match(made, /R-001-A\d+/);
  await page.click('.lessons p.hint a.id');
  await page.waitForSelector('.risk-editor');
  const titles = await page.$$eval('input[id^="action-"][id$="-title"]', (i) => i.map((x) => x.value));
  assert.ok(titles.some((t) => t.startsWith('Update the database restore runbook for the new storage array (lesson from exercise ex-2026-05')), titles.join(' | '));

  // Another becomes a new risk, written from the lesson; the rating is the user's.
  await page.goto(env.origin + '/#/exercise/ex-2026-05');
  await page.click('.lesson:has(#lesson-1) >> text=Make a risk');
  await page.waitForSelector('.risk-editor');
  assert.equal(await page.inputValue('#risk-title'), 'Rehearse the database restore every quarter');
  assert.match(await page.inputValue('#risk-description'), /^Lesson from exercise ex-2026-05 \(Data centre failover test, May 2026, 2026-05-16\): /);
  await page.click('.risk-editor button[type=submit]');
  await page.waitForFunction(() => /^#\/risk\/R-\d+$/.test(location.hash));

  // A new exercise: a result past the RTO is found.
  await page.click('nav >> text=Continuity');
  await page.click('.scenarios >> text=Record an exercise');
  await page.waitForSelector('.exercise-editor');
  await page.fill('#exercise-name', 'Desk check');
  await page.fill('#exercise-date', '2026-11-02');
  await page.selectOption('#exercise-scenario', '');
  await page.click('text=Add result');
  await page.selectOption('#result-0-node', 'payments');
  await page.fill('#result-0-recovered', 'soon');
  assert.equal(await page.getAttribute('#result-0-recovered', 'aria-invalid'), 'true');
  assert.match(await page.textContent('#result-0-problem'), /Result 1 \(recovered after\): a number of hours/);
  await page.fill('#result-0-recovered', '3');
  await page.click('.exercise-editor button[type=submit]');
  await page.waitForFunction(() => /^#\/exercise\/exercise-\d+$/.test(location.hash));
  await page.waitForSelector('.exercise-editor .live >> text=BIA_EXERCISE_RTO_MISSED');
  assert.match(await page.textContent('.exercise-editor .live'), /payments came back after 3 h, past its RTO of 2 h/);
  await page.click('nav >> text=Continuity');
  await page.waitForSelector('table.exercises');
  assert.equal(await page.$$eval('table.exercises tbody tr', (r) => r.length), 2);
  clean(page);
  await context.close();
});

test('the SLA matrix shows an ended contract as no cover and a supplier service with no contract as a column of its own', async () => {
  const { context, page } = await open();
  await page.click('nav >> text=SLA alignment');
  await page.waitForSelector('table.sla-matrix');
  const ended = page.locator('table.sla-matrix button.cell', { hasText: 'ended 2026-09-30: no cover' });
  assert.equal(await ended.getAttribute('class'), 'cell misaligned');
  assert.match(await page.textContent('table.sla-matrix th.no-contract'), /sms-gateway \(no contract\)/);
  const missing = page.locator('table.sla-matrix button.cell', { hasText: 'no contract' });
  await missing.first().click();
  await page.waitForSelector('.explain >> text=SLA_NO_UNDERPINNING');
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.screenshot({ path: path.join(shots, 'sla-matrix-no-contract-1440.png'), fullPage: true });
  clean(page);
  await context.close();
});
