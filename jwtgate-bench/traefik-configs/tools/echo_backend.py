#!/usr/bin/env python3
"""Echo backend for the corpus runs: answers every request 200 with the request echoed as JSON.

Usage: echo_backend.py PORT [--tls CERT KEY]
The header X-Corpus-Echo-Status: NNN makes it answer with that status instead (to see the errors
middleware at work). The JSON body is padded past 1024 bytes so compress has something to do.
"""
import json, ssl, sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Echo(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def _answer(self):
        n = int(self.headers.get('Content-Length') or 0)
        body = self.rfile.read(n) if n else b''
        path, _, query = self.path.partition('?')
        doc = {'echo': 'corpus-echo', 'tls': isinstance(self.connection, ssl.SSLSocket),
               'method': self.command, 'path': path, 'query': query,
               'headers': [[k, v] for k, v in self.headers.items()], 'body_len': len(body)}
        doc['padding'] = 'x' * max(0, 1400 - len(json.dumps(doc)))
        out = json.dumps(doc).encode()
        status = int(self.headers.get('X-Corpus-Echo-Status') or 200)
        self.send_response(status)
        self.send_header('Content-Type', 'application/json')
        self.send_header('X-Corpus-Echo', '1')
        self.send_header('Content-Length', str(len(out)))
        self.end_headers()
        if self.command != 'HEAD':
            self.wfile.write(out)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_HEAD = _answer

    def log_message(self, *a):
        pass


def main():
    port = int(sys.argv[1])
    srv = ThreadingHTTPServer(('127.0.0.1', port), Echo)
    if '--tls' in sys.argv:
        i = sys.argv.index('--tls')
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(sys.argv[i + 1], sys.argv[i + 2])
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    srv.serve_forever()


if __name__ == '__main__':
    main()
