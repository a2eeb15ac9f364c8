// What every end-to-end test file shares: dist/ served on a free port, one
// Chromium, and a fresh profile per test that records stray requests and errors.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const root = path.resolve(import.meta.dirname, '..', '..');
export const shots = path.join(root, 'test-results', 'screenshots');
export const scratch = path.join(root, 'test-results', 'files');
mkdirSync(shots, { recursive: true });
mkdirSync(scratch, { recursive: true });

/** The browser and the origin of the served app, once `useBrowser`'s hook ran. */
export const env = { browser: null, origin: null, server: null };

async function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

/** Serves dist/ on a free port; returns the process and its origin. */
export async function serve() {
  const port = await freePort();
  const where = `http://127.0.0.1:${port}`;
  const proc = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', path.join(root, 'dist')], { stdio: 'ignore' });
  for (let i = 0; i < 50; i++) {
    try { await fetch(where + '/'); break; } catch { await new Promise((r) => setTimeout(r, 100)); }
  }
  return { proc, where };
}

/** Starts the server and Chromium before the file's tests, and stops them after. */
export function useBrowser() {
  before(async () => {
    ({ proc: env.server, where: env.origin } = await serve());
    env.browser = await chromium.launch({
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
        '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
    });
  });
  after(async () => {
    await env.browser?.close();
    env.server?.kill();
  });
}

/** A page in `context` (a fresh profile if none), recording requests and console errors. */
export async function open(context, where = env.origin) {
  context ??= await env.browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  page.foreign = [];
  page.errors = [];
  page.on('request', (r) => { if (!r.url().startsWith(where) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) page.foreign.push(r.url()); });
  page.on('websocket', (w) => page.foreign.push(w.url()));
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('dialog', (d) => { page.errors.push('dialog: ' + d.message()); d.dismiss(); });
  await page.goto(where + '/');
  await page.waitForSelector('h1.register-name');
  return { context, page };
}

export function clean(page) {
  assert.deepEqual(page.foreign, [], 'requests outside the page origin');
  assert.deepEqual(page.errors, [], 'console errors');
}

export async function pick(page, file) {
  await page.setInputFiles('#open-file', file);
}

export function scratchFile(name, content) {
  const p = path.join(scratch, name);
  writeFileSync(p, content);
  return p;
}

/** Creates an empty register named `name` from the toolbar and waits for it. */
export async function newRegister(page, name) {
  await page.click('button:has-text("New register")');
  await page.fill('#new-register-name', name);
  await page.click('.new-register >> text=Create');
  await page.waitForFunction((n) => document.querySelector('h1.register-name')?.textContent === n, name);
}
