// Shared by the page benchmarks: dist/ served on a local port, and headless
// Chromium that can reach nothing else.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const root = path.resolve(import.meta.dirname, '..', '..');

/** Serves dist/ on `port`, runs `bench(browser, origin)` in Chromium, and stops both. */
export async function withBrowser(port, bench) {
  const origin = `http://127.0.0.1:${port}`;
  const server = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', path.join(root, 'dist')], { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 500));
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
  });
  try {
    return await bench(browser, origin);
  } finally {
    await browser.close();
    server.kill();
  }
}
