// The browser build's exports and what it keeps, in headless Chromium (run by scripts/web-test.sh):
//   node web_export_test.mjs URL OUT_DIR DESKTOP_TCONV_LAB
// 1. "Export..." -> Export, clicked like a user does: the browser downloads the GIF, then (on the
//    dialog's "Download ....zip") the PNG frames as one .zip; both must show the frames `tconv-lab animate` renders for the same
//    settings (decoded and compared frame by frame, within the screenshots' tolerance);
// 2. the PyTorch snippet's "copy to clipboard" puts the snippet into the browser's clipboard;
// 3. ?screenshot=NAME.png downloads the page's own picture (glReadPixels through WebGL 2), which
//    must match the browser's capture of the canvas;
// 4. settings (light theme, view) chosen in one visit are there after the browser is closed and
//    started again on the same profile.
// TCONV_WEB_CHECKS=2,3 runs only those sections. Exit 0 when every check passes; each failure is
// printed as "FAIL: ...".
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { W, H, kMaxShare, kTol, launch, openPage, state, frames, readPng, differing, clickItem, downloaded } from './common.mjs';

const [, , base, outDirArg, desktop] = process.argv;
const outDir = path.resolve(outDirArg);
fs.mkdirSync(outDir, { recursive: true });
let failures = 0;
const fail = (msg) => { failures++; console.log('FAIL: ' + msg); };
const ok = (msg) => console.log('ok: ' + msg);
const sleep = (ms) => new Promise((res) => setTimeout(res, ms));
const only = (process.env.TCONV_WEB_CHECKS || '1,2,3,4').split(',');
const run = (n) => only.includes(String(n));

const open = (browser, query, opts = {}) => openPage(browser, base, query, opts);

const downloads = path.join(outDir, 'downloads');
fs.rmSync(downloads, { recursive: true, force: true });
fs.mkdirSync(downloads, { recursive: true });
const browser = await launch(fs.mkdtempSync(path.join(outDir, 'profile-')), downloads);

// ---------------------------------------------------------------- 1. animation export
if (run(1)) {
  // The 1-D preset (4 placements, about 42 frames at 10 fps), light slides of the dialog's
  // default size 1280x720 at the default speed 1.5 steps per second.
  const query = 'preset=1d&light=1';
  const ref = path.join(outDir, 'animate');
  fs.rmSync(ref, { recursive: true, force: true });
  fs.mkdirSync(ref, { recursive: true });
  const refGif = path.join(ref, 'tconv_animation.gif'), refFrames = path.join(ref, 'tconv_animation_frames');
  try {
    execFileSync(desktop, ['animate', '--preset', '1d', '--theme', 'light', '--size', '1280x720', '--fps', '10',
                           '--speed', '1.5', '--output', refGif, '--frames-dir', refFrames], { stdio: ['ignore', 'ignore', 'inherit'] });
  } catch (e) { fail('tconv-lab animate (the reference) failed: ' + e.message); }
  try {
    const page = await open(browser, query);
    const t0 = Date.now();
    await clickItem(page, 'Export...');
    await clickItem(page, 'Export');
    const gif = path.join(downloads, 'tconv_animation.gif'), zip = path.join(downloads, 'tconv_animation_frames.zip');
    if (!await downloaded(gif, 300))
      throw new Error(`no GIF download after clicking Export (status ${JSON.stringify((await state(page)).status)}; ` +
                      `in ${downloads}: ${fs.readdirSync(downloads).join(', ') || 'nothing'})`);
    // The frames' .zip waits for a click of its own (a browser starts one download per action).
    await clickItem(page, 'Download tconv_animation_frames.zip');
    if (!await downloaded(zip, 30))
      throw new Error(`no .zip download after clicking its button (in ${downloads}: ${fs.readdirSync(downloads).join(', ')})`);
    ok(`Export downloaded tconv_animation.gif (${fs.statSync(gif).size} bytes) and tconv_animation_frames.zip ` +
       `(${fs.statSync(zip).size} bytes) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    // The GIF: decoded by the browser (WebCodecs' ImageDecoder composes each frame), frame by
    // frame against the desktop's, with the same durations.
    if (fs.existsSync(refGif)) {
      const same = Buffer.compare(fs.readFileSync(gif), fs.readFileSync(refGif)) === 0;
      const cmp = await page.evaluate(async (a64, b64, tol) => {
        async function decode(b64) {
          const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
          const dec = new ImageDecoder({ data: bytes, type: 'image/gif' });
          await dec.tracks.ready;
          await dec.completed;
          const n = dec.tracks.selectedTrack.frameCount, out = [];
          for (let i = 0; i < n; ++i) {
            const { image } = await dec.decode({ frameIndex: i });
            const c = new OffscreenCanvas(image.displayWidth, image.displayHeight);
            const ctx = c.getContext('2d');
            ctx.drawImage(image, 0, 0);
            out.push({ w: c.width, h: c.height, ms: image.duration / 1000, px: ctx.getImageData(0, 0, c.width, c.height).data });
            image.close();
          }
          return out;
        }
        const share = (p, q) => {
          let n = 0;
          for (let i = 0; i < p.length; i += 4)
            if (Math.max(Math.abs(p[i] - q[i]), Math.abs(p[i + 1] - q[i + 1]), Math.abs(p[i + 2] - q[i + 2])) > tol) n++;
          return n / (p.length / 4);
        };
        const a = await decode(a64), b = await decode(b64);
        const r = { web: a.length, desktop: b.length, size: [a[0].w, a[0].h], shares: [], durations: true };
        for (let i = 0; i < Math.min(a.length, b.length); ++i) {
          r.shares.push(a[i].w === b[i].w && a[i].h === b[i].h ? share(a[i].px, b[i].px) : 1);
          if (Math.abs(a[i].ms - b[i].ms) > 0.5) r.durations = false;
        }
        // Self-check: the first frame against the last one (the kernel at the start, the finished output).
        r.firstVsLast = share(a[0].px, b[b.length - 1].px);
        return r;
      }, fs.readFileSync(gif).toString('base64'), fs.readFileSync(refGif).toString('base64'), kTol);
      const worst = Math.max(...cmp.shares);
      if (cmp.web !== cmp.desktop || !cmp.durations) {
        fail(`the GIF has ${cmp.web} frames, tconv-lab animate's ${cmp.desktop}${cmp.durations ? '' : ' (durations differ)'}`);
      } else if (worst > kMaxShare) {
        fail(`GIF frame ${cmp.shares.indexOf(worst) + 1} differs from tconv-lab animate's in ${(100 * worst).toFixed(2)}% of the pixels ` +
             `(allowed ${100 * kMaxShare}%); see ${gif} and ${refGif}`);
      } else {
        ok(`the GIF ${same ? 'is byte-identical to' : 'shows the frames of'} tconv-lab animate's: ${cmp.web} frames of ` +
           `${cmp.size.join('x')}, same durations, at most ${(100 * worst).toFixed(2)}% of the pixels over ${kTol} levels apart`);
      }
      cmp.firstVsLast > kMaxShare ? ok(`self-check: the first and the last frame differ in ${(100 * cmp.firstVsLast).toFixed(1)}% of the pixels`)
                                  : fail('self-check: the first and last GIF frames compare as equal: the comparison is blind');
    }

    // The .zip: a valid archive (Python's zipfile checks every CRC) holding tconv_animation_frames/
    // with the PNG frames `animate --frames-dir` writes, frame by frame.
    const test = execFileSync('python3', ['-m', 'zipfile', '-t', zip], { encoding: 'utf8' });
    if (/corrupted/.test(test)) fail('the frames .zip is corrupt: ' + test.trim());
    const unz = path.join(outDir, 'unzipped');
    fs.rmSync(unz, { recursive: true, force: true });
    execFileSync('python3', ['-m', 'zipfile', '-e', zip, unz]);
    const webDir = path.join(unz, 'tconv_animation_frames');
    const names = fs.existsSync(webDir) ? fs.readdirSync(webDir).sort() : [];
    const refNames = fs.existsSync(refFrames) ? fs.readdirSync(refFrames).sort() : [];
    if (!names.length || names.join() !== refNames.join()) {
      fail(`the .zip holds ${names.length} frames (${names.slice(0, 2).join(', ')}...), animate --frames-dir ` +
           `${refNames.length} (${refNames.slice(0, 2).join(', ')}...)`);
    } else {
      let worst = 0, at = '';
      for (const n of names) {
        const s = differing(readPng(path.join(webDir, n)), readPng(path.join(refFrames, n)), kTol);
        if (s > worst) { worst = s; at = n; }
      }
      worst <= kMaxShare
        ? ok(`the .zip's ${names.length} PNG frames (${names[0]}...) match animate --frames-dir's: at most ` +
             `${(100 * worst).toFixed(2)}% of the pixels over ${kTol} levels apart`)
        : fail(`PNG frame ${at} differs from animate --frames-dir's in ${(100 * worst).toFixed(2)}% of the pixels`);
    }
    // The page's memory is given back: a second export finds nothing "existing already".
    const left = await page.evaluate(() => window.Module.FS.readdir('/data').filter((n) => /tconv_animation/.test(n)));
    left.length ? fail('the exported files stay in the page\'s file system: ' + left.join(', '))
                : ok('the exported files were removed from the page\'s file system after the download');
    await page.close();
  } catch (e) { fail('animation export: ' + e.message); }
}

// ---------------------------------------------------------------- 2. PyTorch snippet -> clipboard
if (run(2)) {
  // The 1-D preset: input [1 2 3 4], kernel [1 2 3], stride (1, 2); the snippet written out in full
  // (pytorch_snippet in src/ui/editor.cpp writes it for the desktop's "copy to clipboard").
  const want = [
    'import torch',
    'import torch.nn.functional as F',
    'x = torch.tensor([[[1, 2, 3, 4]]], dtype=torch.float32).unsqueeze(0)  # (1, 1, H, W)',
    'w = torch.tensor([[[1, 2, 3]]], dtype=torch.float32).unsqueeze(0)  # (Cin, Cout, kH, kW)',
    'conv = torch.nn.ConvTranspose2d(1, 1, kernel_size=(1, 3), stride=(1, 2), padding=(0, 0),',
    '                              output_padding=(0, 0), dilation=(1, 1), bias=False)',
    'with torch.no_grad():',
    '    conv.weight.copy_(w)',
    '    y = conv(x)',
    'print(y.shape)   # (1, 1, out_h, out_w)',
    'print(y[0, 0])   # the output grid on screen',
    '# The same with the functional form:',
    'y2 = F.conv_transpose2d(x, w, stride=(1, 2), padding=(0, 0),',
    '                        output_padding=(0, 0), dilation=(1, 1))',
    'print(torch.equal(y, y2))',
    ''].join('\n');
  let page = null;
  try {
    const origin = new URL(base).origin;
    await browser.defaultBrowserContext().overridePermissions(origin, ['clipboard-read', 'clipboard-write', 'clipboard-sanitized-write']);
    page = await open(browser, 'preset=1d');
    await page.evaluate(() => navigator.clipboard.writeText('(nothing copied yet)'));
    const [hx] = await clickItem(page, 'PyTorch code for this picture');
    await clickItem(page, 'copy to clipboard', { scrollAt: [hx, Math.round(H / 2)] });
    let text = '';
    for (let i = 0; i < 30 && text !== want; ++i) {
      await sleep(100);
      text = await page.evaluate(() => navigator.clipboard.readText());
    }
    if (text === want) ok(`"copy to clipboard" put the PyTorch snippet (${want.split('\n').length - 1} lines) into the browser's clipboard`);
    else fail(`the clipboard holds ${JSON.stringify(text)}, not the snippet ${JSON.stringify(want)}`);
    const status = (await state(page)).status;
    /copied/.test(status) ? ok(`status line: ${status}`) : fail('no "copied" status after copying: ' + JSON.stringify(status));
    await page.close();
  } catch (e) {
    const shot = path.join(outDir, 'snippet-failed.png');
    if (page) await page.screenshot({ path: shot }).catch(() => {});
    fail(`PyTorch snippet -> clipboard: ${e.message} (see ${shot})`);
  }
}

// ---------------------------------------------------------------- 3. ?screenshot= downloads
if (run(3)) {
  // The app's own screenshot (glReadPixels of the frame it drew) against the browser's capture of
  // the canvas: the same pixels, up to rounding (at most 0.1% of them more than 2 levels apart).
  const shots = {};
  for (const [name, query] of [['matrix', 'view=matrix'], ['heatmap', 'preset=distill&view=heatmap&light=1']]) {
    try {
      const file = path.join(downloads, `shot-${name}.png`);
      const page = await open(browser, `${query}&screenshot=shot-${name}.png`);
      if (!await downloaded(file, 30)) throw new Error(`no download of shot-${name}.png; console: ${page.tconvLog.join(' | ')}`);
      await frames(page, 3);
      const capture = path.join(outDir, `capture-${name}.png`);
      await page.screenshot({ path: capture });
      await page.close();
      const a = readPng(file), b = readPng(capture);
      const share = differing(a, b, 2);
      shots[name] = a;
      (a.width === W && a.height === H && share <= 0.001)
        ? ok(`?screenshot=shot-${name}.png downloaded ${a.width}x${a.height}, as the page's capture (${(100 * share).toFixed(3)}% of the pixels over 2 levels apart)`)
        : fail(`?screenshot=shot-${name}.png: ${a.width}x${a.height}, ${(100 * share).toFixed(2)}% of the pixels differ from the page's capture; see ${file} and ${capture}`);
    } catch (e) { fail(`screenshot ${name}: ${e.message}`); }
  }
  if (shots.matrix && shots.heatmap) {
    const s = differing(shots.matrix, shots.heatmap, 2);
    s > 0.001 ? ok(`self-check: two views' screenshots differ in ${(100 * s).toFixed(1)}% of the pixels`)
              : fail('self-check: two views\' screenshots compare as equal');
  }
}
await browser.close();

// ---------------------------------------------------------------- 4. settings across visits
if (run(4)) {
  // First visit on a fresh profile: dark theme, Scatter. Tick "Light theme" and choose the
  // Heat-map, wait until the page has stored them, close the browser. Second visit: both are back.
  const profile = fs.mkdtempSync(path.join(outDir, 'profile-settings-'));
  try {
    let b = await launch(profile);
    let page = await open(b, '');
    const s0 = await state(page);
    if (s0.light || s0.view === 'heatmap') throw new Error('a fresh profile should start dark on another view: ' + JSON.stringify(s0));
    await clickItem(page, 'Light theme');
    await clickItem(page, 'Heat-map');
    const s1 = await state(page);
    if (!s1.light || s1.view !== 'heatmap') throw new Error('the clicks did not change the theme and view: ' + JSON.stringify(s1));
    await page.waitForFunction(() => /LightTheme=1[\s\S]*View=heatmap/.test(localStorage.getItem('tconv-lab/imgui.ini') || ''),
                               { timeout: 20000, polling: 250 });
    await page.close();
    await b.close();
    b = await launch(profile);
    page = await open(b, '');
    const s2 = await state(page);
    (s2.light && s2.view === 'heatmap')
      ? ok('settings kept across visits: light theme and the Heat-map view are back after the browser restarted')
      : fail('after a restart on the same profile the page shows ' + JSON.stringify({ light: s2.light, view: s2.view }));
    // A link to a view neither reads nor changes them.
    const linked = await open(b, 'view=scatter');
    const s3 = await state(linked);
    s3.view === 'scatter' && !s3.light ? ok('a link to a view shows its own view and theme')
                                       : fail('a link to a view took the remembered settings: ' + JSON.stringify({ light: s3.light, view: s3.view }));
    await b.close();
  } catch (e) { fail('settings across visits: ' + e.message); }
}

console.log(failures ? `${failures} web export check(s) failed` : 'all web export checks passed');
process.exit(failures ? 1 : 0);
