// tconv-codec.js's message loop (appended to Emscripten's script with --post-js, so it sees the
// program's heap):
//   {op: 'decode', id, bytes, maxSide, maxElements} -> {id, c, h, w, data: Float32Array} or {id, error}
//   {op: 'encode', id, pixels, w, h, c, format}     -> {id, bytes: Uint8Array} or {id, error}
// Messages that arrive before the program is ready wait in a queue.
(function () {
  const queue = [];
  let ready = false;
  const kNoMemory = 'the browser has no memory left for it. Close other tabs, or use a smaller picture or the desktop app.';
  // The bytes in the program's heap (pointers above 2 GiB arrive negative: >>> 0), or 0.
  function copyIn(bytes) {
    const p = _malloc(Math.max(1, bytes.length)) >>> 0;
    if (p) HEAPU8.set(bytes, p);
    return p;
  }
  function decode(m) {
    const p = copyIn(m.bytes);
    if (!p) { postMessage({ id: m.id, error: kNoMemory }); return; }
    const ok = _tconv_decode(p, m.bytes.length, m.maxSide, m.maxElements);
    _free(p);
    if (ok) {
      const c = _tconv_decoded_dim(0), h = _tconv_decoded_dim(1), w = _tconv_decoded_dim(2);
      const at = _tconv_decoded_data() >>> 2;
      const data = HEAPF32.slice(at, at + c * h * w);
      _tconv_decoded_free();
      postMessage({ id: m.id, c: c, h: h, w: w, data: data }, [data.buffer]);
    } else {
      const error = UTF8ToString(_tconv_decoded_error());
      _tconv_decoded_free();
      postMessage({ id: m.id, error: error });
    }
  }
  function encode(m) {
    const p = copyIn(m.pixels);
    if (!p) { postMessage({ id: m.id, error: kNoMemory }); return; }
    const ok = _tconv_encode(p, m.w, m.h, m.c, m.format);
    _free(p);
    if (ok) {
      const at = _tconv_encoded_data() >>> 0;
      const bytes = HEAPU8.slice(at, at + _tconv_encoded_size());
      _tconv_encoded_free();
      postMessage({ id: m.id, bytes: bytes }, [bytes.buffer]);
    } else {
      const error = UTF8ToString(_tconv_encoded_error());
      _tconv_encoded_free();
      postMessage({ id: m.id, error: error });
    }
  }
  function run(m) {
    if (m.op === 'encode') encode(m);
    else decode(m);
  }
  Module['onRuntimeInitialized'] = function () {
    ready = true;
    queue.splice(0).forEach(run);
  };
  self.onmessage = function (e) {
    if (ready) run(e.data);
    else queue.push(e.data);
  };
})();
