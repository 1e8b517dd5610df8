#!/usr/bin/python3
"""Serves build-web/ on 127.0.0.1 as a cross-origin isolated site: every response carries
Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp, the two
headers that give a page SharedArrayBuffer and so threads (index.html then loads the threaded
build, mt/). Any static host can do the same with these two headers (see the README).

    python3 scripts/serve-web.py PORT [--directory build-web] [--plain]

--plain leaves the headers out (the page then runs its single-threaded build).
"""
import argparse
import functools
import http.server


class IsolatedHandler(http.server.SimpleHTTPRequestHandler):
    isolate = True

    def end_headers(self):
        if self.isolate:
            self.send_header("Cross-Origin-Opener-Policy", "same-origin")
            self.send_header("Cross-Origin-Embedder-Policy", "require-corp")
            self.send_header("Cross-Origin-Resource-Policy", "same-origin")
        super().end_headers()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("port", type=int)
    ap.add_argument("--directory", default="build-web")
    ap.add_argument("--bind", default="127.0.0.1")
    ap.add_argument("--plain", action="store_true", help="no COOP/COEP headers (single-threaded page)")
    a = ap.parse_args()
    IsolatedHandler.isolate = not a.plain
    handler = functools.partial(IsolatedHandler, directory=a.directory)
    with http.server.ThreadingHTTPServer((a.bind, a.port), handler) as server:
        server.serve_forever()


if __name__ == "__main__":
    main()
