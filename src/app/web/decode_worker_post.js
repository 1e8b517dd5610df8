// tconv-decode.js's message loop (appended to Emscripten's script with --post-js, so it sees the
// program's heap): {id, bytes, maxSide, maxElements} in; {id, c, h, w, data: Float32Array} or
// {id, error} out. Messages that arrive before the program is ready wait in a queue.
(function () {
  const queue = [];
  let ready = false;
  function decode(m) {
    const p = _malloc(Math.max(1, m.bytes.length));
    HEAPU8.set(m.bytes, p);
    const ok = _tconv_decode(p, m.bytes.length, m.maxSide, m.maxElements);
    _free(p);
    if (ok) {
      const c = _tconv_decoded_dim(0), h = _tconv_decoded_dim(1), w = _tconv_decoded_dim(2);
      const at = _tconv_decoded_data() >> 2;
      const data = HEAPF32.slice(at, at + c * h * w);
      _tconv_decoded_free();
      postMessage({ id: m.id, c: c, h: h, w: w, data: data }, [data.buffer]);
    } else {
      const error = UTF8ToString(_tconv_decoded_error());
      _tconv_decoded_free();
      postMessage({ id: m.id, error: error });
    }
  }
  Module['onRuntimeInitialized'] = function () {
    ready = true;
    queue.splice(0).forEach(decode);
  };
  self.onmessage = function (e) {
    if (ready) decode(e.data);
    else queue.push(e.data);
  };
})();
