// The browser build in headless Chromium (run by scripts/test.sh; see there for the setup):
//   node web_test.mjs URL OUT_DIR DESKTOP_TCONV_LAB [ISOLATED_URL]
// 1. screenshots: each view, a lesson and image mode through URL parameters, compared with the
//    desktop's `tconv-lab gui --screenshot` of the same state (same window size);
// 2. interaction: click an output cell -> the pinned sum shows; Space plays; the copy-link button
//    reopens the same view; image mode's Save downloads the same PNG as `tconv-lab apply`; a bad
//    parameter shows the desktop's error message;
// 3. long work: a large picture computes in slices (frames keep coming, progress shows, the result
//    equals the one computed at once); too large pictures are refused with the browser's limit;
//    ISOLATED_URL (the same site served with COOP/COEP headers) loads the threaded build;
// 4. figures: time to first frame, the fast path against the native binary, threads.
// Exit 0 when every check passes; each failure is printed as "FAIL: ...".
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PNG, W, H, kMaxShare, kTol, launch, openPage, state, frames, readPng, differing, clickItem, downloaded } from './common.mjs';

const [, , base, outDir, desktop, isolatedBase] = process.argv;
fs.mkdirSync(outDir, { recursive: true });
let failures = 0;
const fail = (msg) => { failures++; console.log('FAIL: ' + msg); };
const ok = (msg) => console.log('ok: ' + msg);

// A ?screenshot= page downloads its picture: into OUT_DIR, not the user's Downloads folder.
const browser = await launch(fs.mkdtempSync(path.join(outDir, 'profile-')), path.join(outDir, 'screenshot-downloads'));
const open = (query, { timeout = 120000, url = base } = {}) => openPage(browser, url, query, { timeout });

// ---------------------------------------------------------------- 1. screenshots vs desktop
// Both draw the same ImGui frame with the same font; they differ only where the rasterisers do
// (SwiftShader vs Mesa llvmpipe: anti-aliased edges, text coverage). Tolerance: at most 2% of the
// pixels may differ by more than 48 grey levels. A different layout (a panel moved by a few pixels,
// another view, other numbers) differs in far more.
const cases = [
  ['scatter', 'view=scatter&step=3', ['--view', 'scatter', '--step', '3']],
  ['gather', 'view=gather&pin-output=1,2', ['--view', 'gather', '--pin-output', '1,2']],
  ['matrix', 'view=matrix', ['--view', 'matrix']],
  ['heatmap', 'preset=distill&view=heatmap&light=1', ['--preset', 'distill', '--view', 'heatmap', '--light']],
  ['forward', 'view=forward', ['--view', 'forward']],
  ['paired', 'view=paired', ['--view', 'paired']],
  ['lesson', 'lesson=3', ['--lesson', '3']],
  // The checkerboard explorer's spectrum: kissfft, compiled from its Debian source package.
  ['spectrum', 'image=assets/scene_small.png&explorer=spectrum', ['--image', 'assets/scene_small.png', '--explorer', 'spectrum'], 272],
  // Image mode with a picture: the upsampled result drawn on both. The controls column (x < 272)
  // is left out: it names the GPU backend, which the desktop has and the browser has not.
  ['image', 'image=assets/scene_small.png', ['--image', 'assets/scene_small.png'], 272],
];
for (const [name, query, args, x0] of cases) {
  const web = path.join(outDir, `web-${name}.png`), nat = path.join(outDir, `desktop-${name}.png`);
  try {
    const page = await open(query + '&screenshot=page.png');  // the desktop's --screenshot state
    await frames(page);
    await page.screenshot({ path: web });
    await page.close();
  } catch (e) { fail(`${name}: ${e.message}`); continue; }
  try {
    execFileSync(desktop, ['gui', '--screenshot', nat, '--window', `${W}x${H}`, ...args],
                 { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, XDG_CONFIG_HOME: outDir } });
  } catch (e) { fail(`${name}: the desktop screenshot failed: ${e.message}`); continue; }
  const share = differing(readPng(web), readPng(nat), kTol, x0);
  const text = `${name} (?${query}): ${(100 * share).toFixed(2)}% of pixels differ from the desktop's by more than ${kTol}`;
  share <= kMaxShare ? ok(text) : fail(text + ` (allowed ${100 * kMaxShare}%); see ${web} and ${nat}`);
}

// The comparison must be able to fail: another view of the same configuration is far apart.
{
  const a = path.join(outDir, 'web-scatter.png'), b = path.join(outDir, 'desktop-gather.png');
  if (fs.existsSync(a) && fs.existsSync(b)) {
    const share = differing(readPng(a), readPng(b), kTol);
    share > kMaxShare ? ok(`self-check: scatter vs gather differ in ${(100 * share).toFixed(1)}% of pixels (over the tolerance)`)
                      : fail(`self-check: scatter and gather compare as equal (${(100 * share).toFixed(2)}%): the comparison is blind`);
  }
}

// ---------------------------------------------------------------- 2. interaction
{
  const page = await open('');  // no parameters: remembered settings are loaded and saved
  const s0 = await state(page);
  if (s0.pinned !== null) fail('nothing should be pinned at start');
  // Find an output cell by moving the mouse until the page reports one under it.
  let hit = null;
  for (let y = 60; y < H - 40 && !hit; y += 12) {
    for (let x = 260; x < W - 260 && !hit; x += 12) {
      await page.mouse.move(x, y);
      await frames(page, 2);
      const s = await state(page);
      if (s.hoverOutput) hit = { x, y, cell: s.hoverOutput };
    }
  }
  if (!hit) {
    fail('no output cell found under the mouse in the scatter view');
  } else {
    await page.mouse.click(hit.x, hit.y);
    await frames(page, 3);
    const s = await state(page);
    const same = s.pinned && s.pinned[0] === hit.cell[0] && s.pinned[1] === hit.cell[1];
    if (!same || !s.pinnedSum) fail(`click on output cell ${hit.cell} did not pin it: ${JSON.stringify(s)}`);
    else if (!s.pinnedSum.endsWith('= ' + String(s.pinnedValue).replace(/\.?0+$/, '')) && !s.pinnedSum.includes('='))
      fail(`pinned sum "${s.pinnedSum}" does not state the cell's value ${s.pinnedValue}`);
    else ok(`click at (${hit.x},${hit.y}) pinned y[${s.pinned}]: ${s.pinnedSum}`);
  }
  await page.keyboard.press('Space');
  await frames(page, 3);
  const p1 = await state(page);
  await new Promise((r) => setTimeout(r, 2500));
  const p2 = await state(page);
  if (!p1.playing) fail('Space did not start playback: ' + JSON.stringify(p1));
  else if (!(p2.step > p1.step || p2.step === p2.steps)) fail(`playing did not advance: step ${p1.step} -> ${p2.step}`);
  else ok(`Space plays: step ${p1.step} -> ${p2.step} of ${p2.steps}`);
  await page.keyboard.press('Space');

  // Settings are kept in localStorage (ImGui saves them a few seconds after a change).
  try {
    await page.waitForFunction(() => (localStorage.getItem('tconv-lab/imgui.ini') || '').includes('[TconvLab][Prefs]'),
                               { timeout: 15000, polling: 250 });
    ok('settings saved to localStorage');
  } catch (e) { fail('no settings in localStorage after 15 s'); }

  // The copy-link button reproduces the view.
  await page.keyboard.press('ArrowRight');
  await frames(page, 20);
  const before = await state(page);
  await page.click('#copy-link');
  const link = await page.evaluate(() => window.tconvLastCopied);
  await page.close();
  if (!link || !link.includes('?')) {
    fail('copy link produced no link: ' + link);
  } else {
    const again = await open(link.split('?')[1]);
    const after = await state(again);
    const keys = ['view', 'step', 'pinned', 'light', 'output'];
    const diff = keys.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
    diff.length ? fail(`the copied link ${link} opens another view: ${diff.map((k) => `${k} ${JSON.stringify(before[k])} -> ${JSON.stringify(after[k])}`).join(', ')}`)
                : ok(`copied link reopens the same view: ${link}`);
    await again.close();
  }
}
{
  // A picture chosen through the page's file input opens in image mode.
  const page = await open('');
  const picture = path.resolve('assets/scene_small.png');
  const [chooser] = await Promise.all([page.waitForFileChooser(), page.click('#open-button')]);
  await chooser.accept([picture]);
  try {
    await page.waitForFunction(() => { const s = window.tconvState(); return s.image && s.image.size && !s.image.busy; },
                               { timeout: 60000, polling: 200 });
    const s = await state(page);
    (s.imageMode && s.image.size[0] === 96 && s.image.size[1] === 128 && s.image.path.endsWith('scene_small.png'))
      ? ok(`file input opened ${s.image.path} (${s.image.size[1]} x ${s.image.size[0]}) in image mode`)
      : fail('file input: ' + JSON.stringify(s.image));
    // Decoded on the page's codec worker (the page has no threads of its own).
    (await page.evaluate(() => !!window.Module.tconvCodec && !window.Module.tconvCodecFailed))
      ? ok('the picture was decoded on the codec worker (tconv-codec.js)')
      : fail('the picture was not decoded on the codec worker');
  } catch (e) { fail('the picture chosen through the file input did not open: ' + JSON.stringify((await state(page)).image)); }

  await page.close();
}
{
  // A picture dropped onto the page opens in image mode (the drop event a browser sends, with the
  // file in its DataTransfer).
  const page = await open('');
  const bytes = fs.readFileSync(path.resolve('assets/scene_small.png')).toString('base64');
  await page.evaluate((b64) => {
    const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([data], 'dropped picture.png', { type: 'image/png' }));
    document.getElementById('canvas').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, bytes);
  try {
    await page.waitForFunction(() => { const s = window.tconvState(); return s.imageMode && s.image && s.image.size && !s.image.busy; },
                               { timeout: 60000, polling: 200 });
    const s = await state(page);
    s.image.size[0] === 96 && s.image.size[1] === 128 && s.image.path.endsWith('dropped picture.png') && s.image.output
      ? ok(`a picture dropped onto the page opened in image mode (${s.image.path}, ${s.image.size[1]} x ${s.image.size[0]})`)
      : fail('dropped picture: ' + JSON.stringify(s.image));
  } catch (e) { fail('the picture dropped onto the page did not open: ' + JSON.stringify((await state(page)).image)); }
  await page.close();
}
{
  // Without its codec worker (the script missing on the web host, blocked here) the page decodes
  // on its main thread instead: the picture still opens, the same size.
  const page = await open('');
  await page.setRequestInterception(true);
  page.on('request', (r) => (r.url().includes('tconv-codec') ? r.abort() : r.continue()));
  const [chooser] = await Promise.all([page.waitForFileChooser(), page.click('#open-button')]);
  await chooser.accept([path.resolve('assets/scene_small.png')]);
  try {
    await page.waitForFunction(() => { const s = window.tconvState(); return s.image && s.image.size && !s.image.busy; },
                               { timeout: 60000, polling: 200 });
    const s = await state(page);
    const failed = await page.evaluate(() => !!window.Module.tconvCodecFailed);
    failed && s.image.size[0] === 96 && s.image.size[1] === 128 && !s.image.error
      ? ok('without the codec worker the picture opens all the same (decoded on the page)')
      : fail(`without the codec worker: worker failed ${failed}, image ${JSON.stringify(s.image)}`);
  } catch (e) { fail('without the codec worker the picture did not open: ' + JSON.stringify((await state(page)).image)); }
  await page.close();
}
{
  // Image mode's Save, clicked like a user does, hands the PNG to the browser as a download; it
  // must hold the pixels `tconv-lab apply` writes for the same picture and settings, up to one
  // grey level (wasm's 128-bit SIMD sums in another order than the native AVX2 path, so a value
  // near a rounding boundary may land one level apart; other settings differ far more).
  const downloads = fs.mkdtempSync(path.join(outDir, 'downloads-'));
  const page = await open('image=assets/scene_small.png&image-kernel=bilinear&stride=2');
  const cdp = await page.target().createCDPSession();
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
  try {
    await page.waitForFunction(() => { const s = window.tconvState(); return s.image && s.image.size && !s.image.busy; },
                               { timeout: 60000, polling: 200 });
    const [x, y] = await clickItem(page, 'Save');  // found by its label, as a user finds it
    const file = path.join(downloads, 'upsampled.png');
    if (!(await downloaded(file, 10))) throw new Error(`no download after clicking Save at (${x},${y}); status ${JSON.stringify((await state(page)).status)}`);
    const ref = path.join(outDir, 'apply-upsampled.png');
    execFileSync(desktop, ['apply', '-i', 'assets/scene_small.png', '-o', ref, '--kernel', 'bilinear', '--stride', '2'],
                 { stdio: 'inherit' });
    const a = readPng(file), b = readPng(ref);
    let maxDiff = 0, nDiff = 0;
    if (a.width === b.width && a.height === b.height)
      for (let i = 0; i < a.data.length; ++i) { const d = Math.abs(a.data[i] - b.data[i]); if (d) { nDiff++; maxDiff = Math.max(maxDiff, d); } }
    const same = a.width === b.width && a.height === b.height && maxDiff <= 1;
    same ? ok(`Save downloaded upsampled.png (${a.width} x ${a.height}), as tconv-lab apply's (${nDiff} bytes 1 level apart)`)
         : fail(`the downloaded PNG (${a.width} x ${a.height}) differs from tconv-lab apply's (${b.width} x ${b.height}): ` +
                `${(100 * differing(a, b, 0)).toFixed(2)}% of the pixels`);
  } catch (e) { fail('image mode Save -> download: ' + e.message); }
  await page.close();
}
{
  // URL parameters go through the desktop's option parser.
  const page = await open('preset=distill&view=heatmap&step=3&pin-output=1,2&stride=2&light=1');
  const s = await state(page);
  const want = { view: 'heatmap', step: 3, pinned: [1, 2], light: true, preset: 'distill' };
  const bad = Object.keys(want).filter((k) => JSON.stringify(s[k]) !== JSON.stringify(want[k]));
  bad.length ? fail('URL parameters not applied: ' + bad.map((k) => `${k}=${JSON.stringify(s[k])}`).join(', '))
             : ok('URL parameters preset, view, step, pin-output, stride, light applied');
  await page.close();
  const wrong = await open('stride=9');
  const msg = await wrong.evaluate(() => document.getElementById('message').textContent);
  /error: --stride 9 is out of range/.test(msg) ? ok('bad parameter explained: ' + msg.split('\n')[0])
                                               : fail('?stride=9 showed no clear message: ' + JSON.stringify(msg));
  await wrong.close();
}

{
  // The canvas fills the window above the page's bar of buttons (which covers nothing of the app)
  // and follows resizes and the device pixel ratio.
  const page = await browser.newPage();
  await page.setViewport({ width: 800, height: 600, deviceScaleFactor: 2 });
  await page.goto(base, { waitUntil: 'load' });
  await page.waitForFunction('window.tconvFirstFrameMs !== undefined', { timeout: 120000, polling: 100 });
  await frames(page, 3);
  const dims = () => page.evaluate(() => {
    const c = document.getElementById('canvas'), t = document.getElementById('tools').getBoundingClientRect();
    const r = c.getBoundingClientRect();
    return [c.width, c.height, Math.round(t.height), r.bottom <= t.top && t.height > 0 ? 1 : 0];
  });
  const a = await dims();
  await page.setViewport({ width: W, height: H, deviceScaleFactor: 1 });
  await frames(page, 6);
  const b = await dims();
  (a[0] === 1600 && a[1] === 2 * (600 - a[2]) && a[3] && b[0] === W && b[1] === H - b[2] && b[3])
    ? ok(`canvas follows the window: 800x600 at ratio 2 -> ${a[0]}x${a[1]} pixels, then ${W}x${H} at 1 -> ${b[0]}x${b[1]} (the page's buttons below it: ${b[2]} px)`)
    : fail(`canvas size: 800x600 at ratio 2 gave ${a.join('x')} (want 1600 x 2*(600 - the buttons' height), canvas above the buttons), ${W}x${H} at 1 gave ${b.join('x')}`);
  await page.close();
}

// ---------------------------------------------------------------- 3. long work
// A picture written here, small on disk: a smooth pattern (RGB) or one flat colour.
function writePicture(file, width, height, { flat = false, alpha = false } = {}) {
  const png = new PNG({ width, height });
  for (let y = 0; y < height; ++y)
    for (let x = 0; x < width; ++x) {
      const i = 4 * (y * width + x);
      png.data[i] = flat ? 90 : (x * 255 / width) | 0;
      png.data[i + 1] = flat ? 140 : (y * 255 / height) | 0;
      png.data[i + 2] = flat ? 200 : ((x ^ y) & 255);
      png.data[i + 3] = 255;
    }
  fs.writeFileSync(file, PNG.sync.write(png, { colorType: alpha ? 6 : 2, deflateLevel: 9 }));
}
async function choosePicture(page, file) {
  const [chooser] = await Promise.all([page.waitForFileChooser(), page.click('#open-button')]);
  await chooser.accept([file]);
}
{
  // Without threads a large picture opens and computes in slices: it is decoded on the page's
  // codec worker (tconv-codec.js), coloured for display, computed, and its textures uploaded, a
  // piece per frame. Frames keep coming, the progress bar moves, and the output equals the fast
  // path's computed at once. The page spends about 20 ms of work per frame on it; on this shared
  // 2-core machine an idle frame of the page alone (ImGui through SwiftShader) already takes
  // ~30-50 ms and stalls at random, so the checks are relative: the main loop's median run while
  // busy may take at most 50 ms (the goal) more than its median run before the picture, and its
  // longest at most kMaxLongestMs or twice the longest idle run. Done in one piece, decoding took
  // 0.75-1.0 s here and the output's texture 0.5-0.6 s.
  const kMaxAddedMs = 50, kMaxLongestMs = 250;
  const picture = path.join(outDir, 'large-2048.png');
  writePicture(picture, 2048, 2048);
  const page = await open('');
  await page.evaluate(() => {
    // Every frame: its time and what image mode is doing.
    window.tconvFrames = [];
    const rec = (t) => {
      const s = window.tconvState();
      const im = s && s.image;
      window.tconvFrames.push([t, im && im.busy ? im.busyWhat : (im && im.output ? 'done' : 'idle'), im ? im.progress : 0]);
      requestAnimationFrame(rec);
    };
    requestAnimationFrame(rec);
  });
  // How long each run of the main loop takes (Emscripten's Browser.mainLoop, a global of its script).
  await page.evaluate(() => {
    window.tconvTicks = [];
    const run = Browser.mainLoop.runIter;
    Browser.mainLoop.runIter = function (f) {
      const t = performance.now();
      run.call(this, f);
      const s = window.tconvState(), im = s && s.image;
      window.tconvTicks.push([performance.now() - t, im && im.busy ? im.busyWhat : (im && im.output ? 'done' : 'idle')]);
    };
  });
  await new Promise((r) => setTimeout(r, 3000));  // idle frames first: the page's own frame time
  await choosePicture(page, picture);
  try {
    await page.waitForFunction(() => { const s = window.tconvState(); return s.image && s.image.output && !s.image.busy; },
                               { timeout: 180000, polling: 250 });
    await frames(page, 10);
    const rec = await page.evaluate(() => window.tconvFrames);
    const max = (a) => (a.length ? Math.max(...a) : 0);
    const median = (a) => { const b = [...a].sort((x, y) => x - y); return b.length ? b[b.length >> 1] : 0; };
    const loading = rec.filter((f) => f[1] === 'loading'), computing = rec.filter((f) => f[1] === 'computing');
    const progress = [...new Set(computing.map((f) => f[2].toFixed(3)))];
    const span = (a) => ((a.length ? a[a.length - 1][0] - a[0][0] : 0) / 1000).toFixed(2);
    const s = await state(page);
    // Main loop runs: idle ones before the picture, and those that began and ended busy (loading:
    // decoding and colouring the picture; computing: the output, its colours, its textures).
    const ticks = await page.evaluate(() => window.tconvTicks);
    const idle = [], busy = { loading: [], computing: [] };
    for (let k = 1; k < ticks.length; ++k) {
      if (ticks[k - 1][1] === 'idle' && ticks[k][1] === 'idle') idle.push(ticks[k][0]);
      for (const what of ['loading', 'computing'])
        if (ticks[k - 1][1] === what && ticks[k][1] === what) busy[what].push(ticks[k][0]);
    }
    const all = [...busy.loading, ...busy.computing];
    const added = median(all) - median(idle);
    const allowed = Math.max(kMaxLongestMs, 2 * max(idle));
    console.log(`figure: 2048 x 2048 picture -> ${s.image.output[2]} x ${s.image.output[1]} output without threads: ` +
                `${loading.length} frames loading (${span(loading)} s), ${computing.length} computing and showing (${span(computing)} s); ` +
                `main loop run: idle median ${median(idle).toFixed(0)} ms (longest ${max(idle).toFixed(0)}), ` +
                `loading median ${median(busy.loading).toFixed(0)} ms (longest ${max(busy.loading).toFixed(0)}), ` +
                `computing median ${median(busy.computing).toFixed(0)} ms (longest ${max(busy.computing).toFixed(0)}): ` +
                `${added.toFixed(0)} ms added to the median run`);
    if (loading.length < 3 || busy.loading.length < 2) fail(`the picture loaded in ${loading.length} frames: not off the main thread`);
    else ok(`frames kept coming while the picture was decoded (${loading.length} frames)`);
    if (computing.length < 5 || busy.computing.length < 5) fail(`the large picture computed in ${computing.length} frames: not sliced`);
    else if (added > kMaxAddedMs) fail(`opening the picture added ${added.toFixed(0)} ms to the median frame (allowed ${kMaxAddedMs})`);
    else ok(`frames kept coming while the large picture computed: ${busy.computing.length} slices, each frame ${added.toFixed(0)} ms longer (median; allowed ${kMaxAddedMs})`);
    max(all) <= allowed ? ok(`the longest frame while opening the picture took ${max(all).toFixed(0)} ms (allowed ${allowed.toFixed(0)})`)
                        : fail(`a frame while opening the picture took ${max(all).toFixed(0)} ms (allowed ${allowed.toFixed(0)}): a step is not sliced`);
    const rising = computing.every((f, k) => k === 0 || f[2] >= computing[k - 1][2]);
    progress.length >= 4 && rising ? ok(`progress rose through ${progress.length} values while computing`)
                                   : fail(`progress while computing: ${progress.join(', ')} (rising: ${rising})`);
    const sums = await page.evaluate(() => [window.Module._tconv_image_checksum(), window.Module._tconv_image_check()]);
    sums[0] === sums[1] && sums[0] >= 0 ? ok(`the sliced output equals the one computed at once (checksum ${sums[0]})`)
                                       : fail(`the sliced output (checksum ${sums[0]}) differs from the one computed at once (${sums[1]})`);

    // Save: the 4097 x 4097 output becomes 8-bit pixels a band per frame and is encoded as PNG on
    // the codec worker (in one piece on the page it held a frame for 1.5 s here), then downloaded.
    await page.evaluate(() => { window.tconvTicks = []; });
    const saveDir = fs.mkdtempSync(path.join(outDir, 'downloads-large-'));
    const cdp = await page.target().createCDPSession();
    await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: saveDir });
    const before = await page.evaluate(() => window.tconvLastDownload || '');
    await clickItem(page, 'Save');
    await page.waitForFunction((b) => (window.tconvLastDownload || '') !== b || /Not saved/.test(window.tconvState().image.error || ''),
                               { timeout: 120000, polling: 100 }, before);
    await frames(page, 3);
    const saving = (await page.evaluate(() => window.tconvTicks)).filter((t) => t[1] === 'saving').map((t) => t[0]);
    const file = path.join(saveDir, 'upsampled.png');
    const ihdr = (await downloaded(file, 20)) ? fs.readFileSync(file).subarray(16, 24) : null;
    const size = ihdr ? [ihdr.readUInt32BE(0), ihdr.readUInt32BE(4)] : null;
    console.log(`figure: saving the 4097 x 4097 output as PNG without threads: ${saving.length} frames busy, main loop run median ${median(saving).toFixed(0)} ms, longest ${max(saving).toFixed(0)} ms`);
    size && size[0] === 4097 && size[1] === 4097 ? ok(`Save downloaded the 4097 x 4097 output (${fs.statSync(file).size} bytes)`)
                                                 : fail(`Save of the large output: download ${file} ${size ? size.join('x') : 'missing'}; ${JSON.stringify((await state(page)).image.error)}`);
    saving.length >= 3 && max(saving) <= allowed ? ok(`frames kept coming while the output was saved (${saving.length} frames, longest ${max(saving).toFixed(0)} ms, allowed ${allowed.toFixed(0)})`)
                                                 : fail(`saving the large output: ${saving.length} frames, longest ${max(saving).toFixed(0)} ms (allowed ${allowed.toFixed(0)})`);
  } catch (e) { fail('large picture: ' + e.message + ' ' + JSON.stringify((await state(page)).image)); }
  await page.close();
}
{
  // Pictures too large for a browser tab's memory are refused with the limit and what to do: an
  // output beyond 18 million pixels (2400 x 2400 at stride 2 -> 4801 x 4801; the desktop takes
  // it), and a picture beyond 4096 x 4096 RGBA before it is decoded.
  const big = path.join(outDir, 'too-large-output.png');
  writePicture(big, 2400, 2400, { flat: true });
  const huge = path.join(outDir, 'too-large-picture.png');
  writePicture(huge, 4200, 4200, { flat: true, alpha: true });
  const page = await open('');
  await choosePicture(page, big);
  try {
    await page.waitForFunction(() => { const s = window.tconvState(); return s.image && s.image.size && !s.image.busy && s.image.resultError; },
                               { timeout: 60000, polling: 200 });
    const e = (await state(page)).image.resultError;
    /4801 x 4801 pixels, more than image mode in the browser shows .*18 million.*smaller picture.*desktop app/.test(e)
      ? ok('too large output refused: ' + e) : fail('too large output: unclear message: ' + e);
  } catch (err) { fail('the too large output was not refused: ' + JSON.stringify((await state(page)).image)); }
  await choosePicture(page, huge);
  try {
    await page.waitForFunction(() => { const s = window.tconvState(); return s.image && s.image.error && !s.image.busy; },
                               { timeout: 60000, polling: 200 });
    const e = (await state(page)).image.error;
    /4200x4200 pixels with 4 channels, more than tconv-lab accepts .*67108864 values.*Downscale/.test(e)
      ? ok('too large picture refused before decoding: ' + e) : fail('too large picture: unclear message: ' + e);
  } catch (err) { fail('the too large picture was not refused: ' + JSON.stringify((await state(page)).image)); }
  await page.close();
}

// ---------------------------------------------------------------- 4. figures
{
  const times = [];
  for (let i = 0; i < 3; ++i) {
    const page = await open('');
    times.push(await page.evaluate(() => window.tconvFirstFrameMs));
    await page.close();
  }
  times.sort((a, b) => a - b);
  console.log(`figure: time to first frame ${(times[1] / 1000).toFixed(2)} s (median of 3; ${times.map((t) => (t / 1000).toFixed(2)).join(', ')})`);
}

{
  // The fast path in the browser (wasm SIMD, one thread) against the native binary on one thread.
  // This shared 2-core VM runs at two speeds, about 1.6x apart, from one run to the next (the
  // native binary too: seed-large 20.0 then 12.6 ms, three calls in a row), so the browser and
  // native runs alternate in kRounds rounds, and the ratio compares the best median of each.
  // The page's frames are paused meanwhile: every frame is drawn by SwiftShader on the same two
  // cores, and the native runs draw nothing either. Cold: a fresh page's first run (after the
  // page's own warm-up at its first frame). Warm: after a few small runs and a pause, V8 has
  // compiled the hot function with TurboFan in the background.
  const kRounds = 3;
  const cases = [[0, 'seed-large'], [1, 'image']];
  const browserMs = { 'seed-large': [], image: [] }, nativeMs = { 'seed-large': {}, image: {} };
  const cold = {};
  const page = await open('');
  await page.evaluate(() => window.Module.pauseMainLoop());
  for (const [i, name] of cases) cold[name] = await page.evaluate((k) => window.Module._tconv_bench(k, 1, 1), i);
  await page.evaluate(() => window.Module._tconv_bench(2, 20, 1));
  await new Promise((r) => setTimeout(r, 1500));
  await page.evaluate(() => window.Module._tconv_bench(2, 5, 1));
  const micro = path.join(path.dirname(desktop), 'tests', 'gpu', 'bench_backends');
  const native = process.env.TCONV_WEB_NATIVE_BENCH !== '0' && fs.existsSync(micro);
  for (let round = 0; round < kRounds; ++round) {
    for (const [i, name] of cases) browserMs[name].push(await page.evaluate((k) => window.Module._tconv_bench(k, 5, 1), i));
    if (!native) continue;
    // The native fast path at each SIMD level (baseline: 128-bit SSE, as wasm's), in-process like the browser's.
    const out = execFileSync(micro, ['5', '1', 'cpu'], { encoding: 'utf8' });
    for (const line of out.split('\n')) {
      const m = /^(\S+)\s+cpu\s+(\S+)\s+1 threads\s+median\s+([\d.]+) ms/.exec(line);
      if (m && m[1] in nativeMs) (nativeMs[m[1]][m[2]] ||= []).push(parseFloat(m[3]));
    }
  }
  await page.close();
  const list = (a) => a.map((x) => x.toFixed(1)).join(', ');
  for (const [, name] of cases) {
    const best = Math.min(...browserMs[name]);
    console.log(`figure: browser fast path ${name}: ${best < 0 ? 'out of memory' : `cold ${cold[name].toFixed(1)} ms (a fresh page's first run), warm ${best.toFixed(1)} ms (best of ${kRounds} rounds' medians of 5: ${list(browserMs[name])})`}, 1 thread`);
    for (const [level, ms] of Object.entries(nativeMs[name]))
      console.log(`figure: native ${name} ${level} (bench_backends, 1 thread): ${Math.min(...ms).toFixed(2)} ms (rounds: ${list(ms)}); browser warm / native = ${(best / Math.min(...ms)).toFixed(2)}x`);
  }
  if (!native) console.log(`native per-SIMD-level benchmark not run: ${micro} is not built (cmake --build build --target bench_backends), or TCONV_WEB_NATIVE_BENCH=0`);
  else {
    // And as a user runs it: tconv-lab apply --benchmark (scripts/bench.py), after the rounds.
    try {
      const out = execFileSync('python3', ['scripts/bench.py', '--binary', desktop, '--no-torch', '--threads', '1',
                                           '--backends', 'cpu', '--cases', 'seed-large,image', '--runs', '5'],
                               { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
      console.log('figure: native, 1 thread (scripts/bench.py):\n' + out.trim().split('\n').map((l) => '  ' + l).join('\n'));
    } catch (e) { console.log('native benchmark not run: ' + e.message.split('\n')[0]); }
  }
}

if (isolatedBase) {
  // Served with COOP/COEP headers: the page is cross-origin isolated and loads the threaded build;
  // the fast path on every thread gives the same bits as on one, in less time.
  const page = await open('', { url: isolatedBase });
  const info = await page.evaluate(() => ({ isolated: window.crossOriginIsolated, build: window.tconvBuild,
                                            threads: window.Module._tconv_threads() }));
  if (!info.isolated || info.build !== 'threads') {
    fail(`with COOP/COEP the page should be cross-origin isolated and load the threaded build: ${JSON.stringify(info)}; console:\n  ${page.tconvLog.join('\n  ')}`);
  } else {
    ok(`with COOP/COEP headers: crossOriginIsolated, threaded build loaded, ${info.threads} threads`);
    await page.evaluate(() => window.Module._tconv_bench(2, 20, 1));
    await new Promise((r) => setTimeout(r, 1500));
    for (const [i, name] of [[0, 'seed-large'], [1, 'image']]) {
      const one = await page.evaluate((k) => window.Module._tconv_bench(k, 5, 1), i);
      const sumOne = await page.evaluate(() => window.Module._tconv_bench_checksum());
      const all = await page.evaluate((k, t) => window.Module._tconv_bench(k, 5, t), i, info.threads);
      const sumAll = await page.evaluate(() => window.Module._tconv_bench_checksum());
      console.log(`figure: browser fast path ${name} with threads: ${one.toFixed(1)} ms on 1 thread, ${all.toFixed(1)} ms on ${info.threads} (${(one / all).toFixed(2)}x)`);
      sumOne === sumAll && sumOne >= 0 ? ok(`${name}: ${info.threads} threads give the same output as 1 (checksum ${sumOne})`)
                                       : fail(`${name}: ${info.threads} threads give another output than 1: checksum ${sumAll} vs ${sumOne}`);
    }
    // Image mode works there too (its worker threads), with the same result as computed at once.
    const [chooser] = await Promise.all([page.waitForFileChooser(), page.click('#open-button')]);
    await chooser.accept([path.resolve('assets/scene.png')]);
    try {
      await page.waitForFunction(() => { const s = window.tconvState(); return s.image && s.image.output && !s.image.busy; },
                                 { timeout: 120000, polling: 200 });
      const sums = await page.evaluate(() => [window.Module._tconv_image_checksum(), window.Module._tconv_image_check()]);
      sums[0] === sums[1] && sums[0] >= 0 ? ok(`threaded build: image mode computed scene.png (checksum ${sums[0]}, as at once)`)
                                         : fail(`threaded build: image mode's output ${sums[0]} differs from the one computed at once ${sums[1]}`);
    } catch (e) { fail('threaded build: image mode did not finish: ' + JSON.stringify((await state(page)).image)); }
  }
  await page.close();
}

await browser.close();
console.log(failures ? `${failures} web check(s) failed` : 'all web checks passed');
process.exit(failures ? 1 : 0);
