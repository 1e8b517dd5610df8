// The page's side of tconv-lab in the browser: URL parameters -> the arguments of `tconv-lab gui`,
// loading progress, messages, the clipboard, the "copy link" button, the test hook, and which
// build to load (threads where the page is cross-origin isolated).
'use strict';
(function () {
  const started = performance.now();
  const canvas = document.getElementById('canvas');
  const status = document.getElementById('status');
  const bar = status.querySelector('#bar > div');
  const message = document.getElementById('message');
  const tools = document.getElementById('tools');
  const flags = new Set(['light', 'overlay', 'image-gpu']);  // options without a value

  // ?preset=distill&view=heatmap&light=1 -> gui --preset distill --view heatmap --light
  function urlArguments(search) {
    const args = ['gui'];
    for (const [key, value] of new URLSearchParams(search)) {
      if (flags.has(key)) {
        if (value === '' || value === '1' || value === 'true') args.push('--' + key);
        else if (value !== '0' && value !== 'false') args.push('--' + key + '=' + value);  // CLI11 explains
        continue;
      }
      args.push('--' + key, value);
    }
    return args;
  }

  let buildDir = '';  // '' or 'mt/': where the loaded program lives (see the end)
  const errors = [];
  function showMessage(text) {
    message.textContent = text;
    message.style.display = 'block';
  }
  window.Module = {
    canvas: canvas,
    // The program's files (wasm, data, the threads' worker) next to its script, also for the data
    // file, which Emscripten would otherwise look for next to the page.
    locateFile: (file) => buildDir + file,
    // argv[1..] of main(): "gui" and the options (parse_gui_options skips the "gui")
    arguments: urlArguments(window.location.search),
    print: (t) => console.log(t),
    printErr: (t) => { console.warn(t); if (t.startsWith('error:')) errors.push(t); },
    setStatus: (t) => {
      const m = /\((\d+(\.\d+)?)\/(\d+)\)/.exec(t || '');
      if (m) bar.style.width = (100 * parseFloat(m[1]) / parseFloat(m[3])) + '%';
    },
    showError: (t) => showMessage(errors.concat([t]).join('\n')),
    onFirstFrame: () => {
      window.tconvFirstFrameMs = performance.now() - started;
      // A small run of the fast path (a few ms) makes V8 compile it with its optimising compiler in
      // the background now, so the first picture does not run its baseline code (~5x slower).
      setTimeout(() => window.Module._tconv_bench(2, 2, 1), 0);
      status.style.display = 'none';
      if (!new URLSearchParams(window.location.search).has('screenshot')) tools.style.display = 'flex';
      document.title = document.title;  // tests wait on window.tconvFirstFrameMs
    },
    copyText: (text) => copyText(text),
    downloadFile: (file) => {
      // The app saves through a private temporary file (mode 0600 without a user to own it here):
      // make it readable for the page before reading it back.
      try { window.Module.FS.chmod(file, 0o644); } catch (e) { /* reported by readFile below */ }
      const bytes = window.Module.FS.readFile(file);
      const types = { png: 'image/png', gif: 'image/gif', jpg: 'image/jpeg', bmp: 'image/bmp' };
      const ext = file.split('.').pop().toLowerCase();
      const url = URL.createObjectURL(new Blob([bytes], { type: types[ext] || 'application/octet-stream' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = file.split('/').pop();
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
      window.tconvLastDownload = a.download;
    },
    onAbort: (what) => showMessage('tconv-lab stopped: ' + what + '\n' + errors.join('\n') +
                                   '\nReload the page; if it happens again, please report it.'),
  };

  function copyText(text) {
    window.tconvLastCopied = text;
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).catch(() => window.prompt('Copy this:', text));
    } else {
      window.prompt('Copy this (the browser allows no clipboard access here):', text);
    }
  }

  // The current state as JSON (tests, the copy-link button).
  window.tconvState = () => {
    if (!window.Module._tconv_state_json) return null;
    return JSON.parse(window.Module.UTF8ToString(window.Module._tconv_state_json()));
  };
  window.tconvViewLink = () => {
    const s = window.tconvState();
    return window.location.origin + window.location.pathname + '?' + s.query;
  };
  document.getElementById('copy-link').addEventListener('click', () => {
    copyText(window.tconvViewLink());
    canvas.focus();
  });
  // "open picture...": the file goes into the virtual file system, image mode opens it.
  const picker = document.getElementById('open-picture');
  document.getElementById('open-button').addEventListener('click', () => picker.click());
  picker.addEventListener('change', async () => {
    const file = picker.files[0];
    if (!file) return;
    const bytes = new Uint8Array(await file.arrayBuffer());
    const FS = window.Module.FS;
    try { FS.mkdir('/uploads'); } catch (e) { /* exists */ }
    const path = '/uploads/' + file.name.replace(/[\/]/g, '_');
    FS.writeFile(path, bytes);
    window.Module.ccall('tconv_open_image', null, ['string'], [path]);
    picker.value = '';
    canvas.focus();
  });
  canvas.addEventListener('mousedown', () => canvas.focus());
  window.addEventListener('load', () => canvas.focus());

  // The program: the threaded build (mt/) needs SharedArrayBuffer, which browsers give only to a
  // cross-origin isolated page (served with COOP/COEP headers); everywhere else, or when mt/ was
  // not built, the single-threaded one, which runs long work in slices between frames.
  function load(dir, fallback) {
    buildDir = dir;
    window.tconvBuild = dir ? 'threads' : 'single';
    const script = document.createElement('script');
    script.src = dir + 'tconv-lab.js';
    script.async = true;
    if (fallback !== null) {
      script.onerror = () => {
        script.remove();
        load(fallback, null);
      };
    }
    document.body.appendChild(script);
  }
  const threaded = window.crossOriginIsolated === true && typeof SharedArrayBuffer === 'function';
  load(threaded ? 'mt/' : '', threaded ? '' : null);
})();
