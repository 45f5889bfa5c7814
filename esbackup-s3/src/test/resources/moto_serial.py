"""moto's S3 server with one request at a time.

moto_server runs moto's app on a threaded werkzeug server, and moto checks a conditional PutObject
(If-None-Match: *, If-Match) and then stores the object in two steps: two racing create-only PUTs of one key
can both succeed, which S3 never lets happen. Serving one request at a time makes each request atomic, as on
S3. Usage: python3 moto_serial.py HOST PORT
"""
import sys
import threading

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from werkzeug.serving import run_simple

app = DomainDispatcherApplication(create_backend_app)
lock = threading.Lock()


def serial(environ, start_response):
    with lock:
        # The whole response is produced under the lock: moto may answer with a generator.
        return list(app(environ, start_response))


if __name__ == "__main__":
    run_simple(sys.argv[1], int(sys.argv[2]), serial, threaded=True)
