"""A stand-in for the Central Portal's publisher API, on loopback, for .ci/consume-test: the release build's
central-publishing-maven-plugin uploads its bundle here, and the script checks what arrived.
Usage: central-stub.py PORT_FILE UPLOAD_FILE. Serves until killed, or 15 minutes at most."""
import http.server
import sys
import threading

port_file, upload_file = sys.argv[1], sys.argv[2]


class Handler(http.server.BaseHTTPRequestHandler):

    def do_POST(self):
        if not self.path.startswith('/api/v1/publisher/upload'):
            self.send_error(404)
            return
        if self.headers.get('Transfer-Encoding', '').lower() == 'chunked':
            body = b''
            while True:
                size = int(self.rfile.readline().strip(), 16)
                if size == 0:
                    self.rfile.readline()
                    break
                body += self.rfile.read(size)
                self.rfile.readline()
        else:
            body = self.rfile.read(int(self.headers.get('Content-Length', 0)))
        with open(upload_file, 'wb') as out:
            out.write(body)
        answer = b'stub-deployment-1'
        self.send_response(201)
        self.send_header('Content-Type', 'text/plain')
        self.send_header('Content-Length', str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, format, *args):
        sys.stderr.write('central-stub: ' + (format % args) + '\n')


server = http.server.HTTPServer(('127.0.0.1', 0), Handler)
threading.Timer(900, server.shutdown).start()
with open(port_file, 'w') as out:
    out.write(str(server.server_address[1]))
server.serve_forever()
