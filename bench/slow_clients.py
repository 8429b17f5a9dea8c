"""How fast /healthz answers while slow clients hold connections open.

Start the site as `make serve` does (gunicorn.conf.py), e.g.

    SECRET_KEY=bench make serve PORT=8106

then, in another shell:

    .venv/bin/python bench/slow_clients.py --url http://127.0.0.1:8106 --slow 0 4 16

For each number of slow clients (each sends one header line every --interval
seconds and never finishes its request), --requests GETs of /healthz are timed
one after another; a request that gets no answer within --timeout counts as
failed. The figures are printed, nothing is asserted.
"""

import argparse
import http.client
import socket
import statistics
import threading
import time
import urllib.parse


def slow_client(host: str, port: int, interval: float, stop: threading.Event):
    try:
        with socket.create_connection((host, port), timeout=interval * 4) as sock:
            sock.sendall(f"GET / HTTP/1.1\r\nHost: {host}\r\n".encode())
            number = 0
            while not stop.wait(interval):
                number += 1
                sock.sendall(f"X-Slow-{number}: x\r\n".encode())
    except OSError:
        pass  # closed by the server: that is its defence


def time_healthz(host: str, port: int, timeout: float) -> float | None:
    started = time.perf_counter()
    try:
        connection = http.client.HTTPConnection(host, port, timeout=timeout)
        connection.request("GET", "/healthz")
        response = connection.getresponse()
        response.read()
        connection.close()
    except OSError:
        return None
    return time.perf_counter() - started if response.status == 200 else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--slow", type=int, nargs="+", default=[0, 2, 4, 16])
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--interval", type=float, default=2.0)
    parser.add_argument("--timeout", type=float, default=5.0)
    args = parser.parse_args()
    url = urllib.parse.urlsplit(args.url)
    host, port = url.hostname, url.port or 80

    print(f"{'slow clients':>12} {'answered':>9} {'median ms':>10} {'max ms':>8}")
    for count in args.slow:
        stop = threading.Event()
        clients = [
            threading.Thread(
                target=slow_client, args=(host, port, args.interval, stop), daemon=True
            )
            for _ in range(count)
        ]
        for client in clients:
            client.start()
        time.sleep(min(args.interval, 1.0))
        times = [time_healthz(host, port, args.timeout) for _ in range(args.requests)]
        stop.set()
        answered = [seconds * 1000 for seconds in times if seconds is not None]
        median = f"{statistics.median(answered):.1f}" if answered else "-"
        worst = f"{max(answered):.1f}" if answered else "-"
        print(
            f"{count:>12} {len(answered):>4}/{args.requests:<4} {median:>10} {worst:>8}"
        )
        for client in clients:
            client.join(timeout=args.interval * 2)


if __name__ == "__main__":
    main()
