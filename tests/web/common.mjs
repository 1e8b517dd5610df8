// What both browser test scripts (web_test.mjs, web_export_test.mjs) share: launching headless
// Chromium with WebGL 2 through SwiftShader, opening the page until its first frame, the page's
// state hook, clicking a widget by its label, and comparing pictures.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

// The packages live in a cache outside git (scripts/web-test.sh installs them there).
const require = createRequire(path.join(process.env.TCONV_NODE_DIR || '.', 'package.json'));
export const puppeteer = require('puppeteer-core');
export const { PNG } = require('pngjs');

export const W = 1024, H = 768;
// The screenshots' tolerance: SwiftShader and Mesa's llvmpipe anti-alias edges and text
// differently, so at most 2% of the pixels may differ by more than 48 grey levels. A different
// layout (a panel moved by a few pixels, another view, other numbers) differs in far more.
export const kMaxShare = 0.02, kTol = 48;

// Headless Chromium on `profile` (a user data folder); downloads go to `downloads` when given.
export async function launch(profile, downloads) {
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    userDataDir: profile,
    args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
           '--disable-background-networking', '--disable-component-update', '--disable-sync',
           '--no-first-run', `--window-size=${W},${H}`],
  });
  if (downloads) {
    fs.mkdirSync(downloads, { recursive: true });
    const cdp = await browser.target().createCDPSession();
    await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
  }
  return browser;
}

// A new tab on `url?query`, returned once the app has drawn its first frame (the page sets
// window.tconvFirstFrameMs); page.tconvLog collects the console.
export async function openPage(browser, url, query, { width = W, height = H, timeout = 120000 } = {}) {
  const page = await browser.newPage();
  await page.setViewport({ width, height, deviceScaleFactor: 1 });
  const log = [];
  page.on('console', (m) => log.push(m.text()));
  page.on('pageerror', (e) => log.push('pageerror: ' + e.message));
  await page.goto(url + (query ? '?' + query : ''), { waitUntil: 'load' });
  try {
    await page.waitForFunction('window.tconvFirstFrameMs !== undefined', { timeout, polling: 100 });
  } catch (e) {
    throw new Error(`no first frame for ?${query} within ${timeout / 1000} s; console:\n  ${log.join('\n  ')}`);
  }
  page.tconvLog = log;
  return page;
}

// The app's state as JSON (the page's test hook).
export const state = (page) => page.evaluate(() => window.tconvState());
// Lets the page draw a few more frames (requestAnimationFrame runs in headless Chromium).
export const frames = (page, n = 6) => page.evaluate((k) => new Promise((res) => {
  const step = () => (k-- <= 0 ? res() : requestAnimationFrame(step));
  requestAnimationFrame(step);
}), n);

// Clicks the widget labelled `label`, found through Dear ImGui's own rectangles (the page's
// tconv_item_rect hook), scrolling its column with the mouse wheel until it is on screen (the
// auto UI scale grows with the window, so a taller window does not show more); press and release
// in different frames, as ImGui sees the mouse once per frame.
// `scrollAt` [x, y]: where to turn the wheel while the widget is not drawn (clipped below).
export async function clickItem(page, label, { scrollAt = null } = {}) {
  const rect = async () => JSON.parse(await page.evaluate(
    (l) => window.Module.ccall('tconv_item_rect', 'string', ['string'], [l]), label));
  await rect();  // the first call turns the hooks on
  let r = null;
  for (let i = 0; i < 20 && !r; ++i) {
    if (scrollAt && i > 1) {
      await page.mouse.move(scrollAt[0], scrollAt[1]);
      await frames(page, 2);
      await page.mouse.wheel({ deltaY: 120 });
    }
    await frames(page, 2);
    r = await rect();
  }
  if (!r) throw new Error(`the widget "${label}" was not drawn`);
  // On screen: within the canvas (the page's bar of buttons is below it).
  const height = await page.evaluate(() => document.getElementById('canvas').getBoundingClientRect().height);
  for (let i = 0; i < 40 && (r[1] < 0 || r[3] > height); ++i) {
    await page.mouse.move(Math.round((r[0] + r[2]) / 2), Math.round(height / 2));
    await frames(page, 2);
    await page.mouse.wheel({ deltaY: r[1] < 0 ? -120 : 120 });
    await frames(page, 4);
    r = await rect();
  }
  if (r[1] < 0 || r[3] > height) throw new Error(`the widget "${label}" stays off screen at ${JSON.stringify(r)}`);
  // Where a user can click it: a point of the widget where the canvas is what the page shows.
  const y = Math.round((r[1] + r[3]) / 2);
  const x = await page.evaluate((x0, x1, yy) => {
    const canvas = document.getElementById('canvas');
    const mid = Math.round((x0 + x1) / 2);
    for (let d = 0; d <= (x1 - x0) / 2 - 2; d += 6)
      for (const xx of [mid - d, mid + d]) if (document.elementFromPoint(xx, yy) === canvas) return xx;
    return null;
  }, r[0], r[2], y);
  if (x === null) throw new Error(`the widget "${label}" at ${JSON.stringify(r)} is covered by the page's buttons`);
  await page.mouse.move(x, y);
  await frames(page, 3);
  await page.mouse.down();
  await frames(page, 3);
  await page.mouse.up();
  await frames(page, 3);
  return [x, y];
}

// Waits until `file` is downloaded completely (Chromium writes NAME.crdownload first).
export async function downloaded(file, seconds) {
  for (let i = 0; i < seconds * 10; ++i) {
    if (fs.existsSync(file) && !fs.existsSync(file + '.crdownload')) return true;
    await new Promise((res) => setTimeout(res, 100));
  }
  return false;
}

export function readPng(file) { return PNG.sync.read(fs.readFileSync(file)); }
// Share of pixels (from column x0 on) whose largest RGB difference exceeds `tol` grey levels
// (1 when the sizes differ).
export function differing(a, b, tol, x0 = 0) {
  if (a.width !== b.width || a.height !== b.height) return 1;
  let n = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    if ((i / 4) % a.width < x0) continue;
    const d = Math.max(Math.abs(a.data[i] - b.data[i]), Math.abs(a.data[i + 1] - b.data[i + 1]),
                       Math.abs(a.data[i + 2] - b.data[i + 2]));
    if (d > tol) n++;
  }
  return n / ((a.width - x0) * a.height);
}
