// The page's side of tconv-lab in the browser: URL parameters -> the arguments of `tconv-lab gui`,
// loading progress, messages, the clipboard, the "copy link" button and the test hook.
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

  const errors = [];
  function showMessage(text) {
    message.textContent = text;
    message.style.display = 'block';
  }
  window.Module = {
    canvas: canvas,
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
})();
