// Reading printed PDFs back with pdf.js, in Chromium: the text of each page,
// and each page drawn as a picture, so that a test can check what was printed
// and a person can look at it.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const pdfjs = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../node_modules/pdfjs-dist/build');

/** A page that has pdf.js and the PDF loaded (as `window.doc`); returns it and the page count. */
async function load(browser, pdf) {
  const page = await browser.newPage({ viewport: { width: 900, height: 1200 } });
  await page.route('http://pdfjs.test/**', (route) => {
    const name = new URL(route.request().url()).pathname.slice(1);
    if (name === '') return route.fulfill({ contentType: 'text/html', body: '<!doctype html><body style="margin:0;background:#888">' });
    return route.fulfill({ contentType: 'text/javascript', body: fs.readFileSync(path.join(pdfjs, name)) });
  });
  await page.goto('http://pdfjs.test/');
  const count = await page.evaluate(async (data) => {
    const lib = await import('/pdf.mjs');
    lib.GlobalWorkerOptions.workerSrc = '/pdf.worker.mjs';
    const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
    window.doc = await lib.getDocument({ data: bytes, verbosity: 0 }).promise;
    return window.doc.numPages;
  }, pdf.toString('base64'));
  return { page, count };
}

/** The text of each page of `pdf` (a Buffer). */
export async function pdfText(browser, pdf) {
  const { page } = await load(browser, pdf);
  const pages = await page.evaluate(async () => {
    const out = [];
    for (let i = 1; i <= window.doc.numPages; i++) {
      const content = await (await window.doc.getPage(i)).getTextContent();
      out.push(content.items.map((item) => item.str).join(' '));
    }
    return out;
  });
  await page.close();
  return pages;
}

/** Draws each page of `pdf` and saves it as `<prefix>-<n>.png`; returns the paths. */
export async function pdfPictures(browser, pdf, prefix) {
  const { page, count } = await load(browser, pdf);
  await page.evaluate(async () => {
    for (let i = 1; i <= window.doc.numPages; i++) {
      const p = await window.doc.getPage(i);
      const viewport = p.getViewport({ scale: 1.2 });
      const canvas = document.createElement('canvas');
      canvas.width = viewport.width;
      canvas.height = viewport.height;
      canvas.style.display = 'block';
      canvas.style.marginBottom = '8px';
      document.body.append(canvas);
      await p.render({ canvasContext: canvas.getContext('2d'), viewport }).promise;
    }
  });
  const files = [];
  for (let i = 0; i < count; i++) {
    const file = `${prefix}-${i + 1}.png`;
    await page.locator('canvas').nth(i).screenshot({ path: file });
    files.push(file);
  }
  await page.close();
  return files;
}
