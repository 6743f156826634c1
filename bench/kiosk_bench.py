#!/usr/bin/env python3
"""Kiosk benchmarks (issue "Foundation", §5). Not a test: it measures and prints a report.

  1. exec -> first frame presented, and peak RSS (whole process tree), kiosk vs Debian's Chromium
     showing bench/home.html, in one run;
  2. badge tap -> greeting drawn (reader's answer -> the frame that shows the name), p50/p95,
     online (backend on loopback) and offline (backend stopped);
  3. CPU of the kiosk idle on its home screen.

Usage: bench/kiosk_bench.py [--build build/release] [--runs 20] [--taps 40] [--idle 30]
                            [--reception [--call-available] [--preview-runs N]] [--startup-only]
  --reception: the kiosk offers visio-accueil (test camera, no sound), so start-up includes
  starting the media engine; --call-available: also exec -> the call button offered;
  --preview-runs N: "Parler à l'accueil" -> the first camera preview frame, N times;
  --startup-only: part 1 without Chromium (and the two above), nothing else.
Everything runs on 127.0.0.1 and in temporary folders; every loop is bounded.
"""
import argparse, os, shutil, signal, socket, statistics, subprocess, sys, tempfile, time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def percentile(values, p):
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def tree_rss_kib(root_pid):
    """Sum of VmRSS over a process and all its descendants (via /proc/<pid>/task/*/children,
    cheap enough to sample every few milliseconds without stealing the measured program's core)."""
    total, stack = 0, [root_pid]
    while stack:
        pid = stack.pop()
        try:
            for task in os.listdir(f'/proc/{pid}/task'):
                with open(f'/proc/{pid}/task/{task}/children') as f:
                    stack.extend(int(child) for child in f.read().split())
            with open(f'/proc/{pid}/status') as f:
                for line in f:
                    if line.startswith('VmRSS:'):
                        total += int(line.split()[1])
                        break
        except OSError:
            pass
    return total


def run_measured(argv, env, trace=None, timeout=60):
    """Runs argv; returns (exec->exit ms, exec->first-frame ms or None, peak tree RSS MiB)."""
    if trace and trace.exists():
        trace.unlink()
    start = time.monotonic_ns()
    process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    deadline = time.monotonic() + timeout
    while process.poll() is None:
        peak = max(peak, tree_rss_kib(process.pid))
        if time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f'{argv[0]} did not finish')
        time.sleep(0.005)
    end = time.monotonic_ns()
    first = None
    if trace and trace.exists():
        for line in trace.read_text().splitlines():
            event, _, ns = line.split()
            if event == 'first-frame':
                first = (int(ns) - start) / 1e6
    return (end - start) / 1e6, first, peak / 1024


def emulator_command(sock, command):
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(5)
        s.connect(str(sock))
        s.sendall((command + '\n').encode())
        answer = s.recv(256).decode().strip()
    if not answer.startswith('ok'):
        raise RuntimeError(f'emulator: {command}: {answer}')


def wait_for(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError(f'timed out waiting for {what}')
        time.sleep(0.02)


class Rig:
    def __init__(self, build, work):
        self.bin = build / 'bin'
        self.work = work
        self.procs = []

    def start_backend(self, listen='127.0.0.1:0'):
        port_file = self.work / 'port'
        port_file.unlink(missing_ok=True)
        backend = subprocess.Popen([self.bin / 'telecentre-backend', '--data-dir', self.work / 'backend',
                                    '--listen', listen, '--port-file', port_file, '--demo'],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(lambda: port_file.exists() and port_file.read_text().strip(), 30, 'the backend')
        self.port = port_file.read_text().strip()
        return backend

    def start_emulator(self):
        self.sock = self.work / 'pn532.sock'
        emulator = subprocess.Popen([self.bin / 'telecentre-pn532-emulator', '--link', self.work / 'pn532',
                                     '--control', self.sock], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.procs.append(emulator)
        wait_for(self.sock.exists, 10, 'the emulator')

    def write_config(self, reception=False):
        self.config = self.work / 'kiosk.toml'
        extra = '''[reception]
enabled = true
camera = "test"
microphone = "none"
speaker = "none"
ice_addresses = ["127.0.0.1"]
''' if reception else ''
        self.config.write_text(f'''[kiosk]
site = "murat"
fullscreen = true
[backend]
url = "https://127.0.0.1:{self.port}"
ca_file = "backend/tls/ca.pem"
device_token_file = "backend/devices/murat.token"
retry_max_ms = 1000
[reader]
connstring = "pn532_uart:{self.work / 'pn532'}"
[storage]
directory = "kiosk"
''' + extra)

    def stop(self):
        for p in reversed(self.procs):
            p.terminate()
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()


def start_xvfb():
    if os.environ.get('DISPLAY'):
        return None, os.environ['DISPLAY']
    display = ':%d' % (50 + os.getpid() % 40)
    xvfb = subprocess.Popen(['Xvfb', display, '-screen', '0', '1920x1080x24', '-nolisten', 'tcp'],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for(lambda: Path(f'/tmp/.X11-unix/X{display[1:]}').exists(), 10, 'Xvfb')
    return xvfb, display


def bench_startup(rig, env, runs, report, chromium=True):
    trace = rig.work / 'startup.trace'
    kiosk_env = dict(env, TELECENTRE_TRACE=str(trace))
    argv = [rig.bin / 'telecentre-kiosk', '--config', rig.config, '--exit-after-first-frame']
    run_measured(argv, kiosk_env, trace)  # warm the page cache, as a kiosk that boots daily would be
    kiosk = [run_measured(argv, kiosk_env, trace) for _ in range(runs)]
    chromium = shutil.which('chromium') if chromium else None
    page = (ROOT / 'bench' / 'home.html').as_uri()
    chrome = []
    if chromium:
        profile = rig.work / 'chromium-profile'
        chrome_argv = [chromium, '--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run',
                       '--disable-background-networking', '--disable-component-update', '--disable-sync',
                       '--disable-quic', f'--user-data-dir={profile}', '--window-size=1920,1080',
                       f'--screenshot={rig.work / "chromium.png"}', page]
        run_measured(chrome_argv, env)
        for _ in range(runs):
            shutil.rmtree(profile, ignore_errors=True)
            chrome.append(run_measured(chrome_argv, env))
    k_first = [r[1] for r in kiosk if r[1] is not None]
    k_exit = [r[0] for r in kiosk]
    k_rss = max(r[2] for r in kiosk)
    report.append('## Start-up: exec → first frame, peak RSS (%d runs each)\n' % runs)
    report.append('| program | exec → first frame p50 / p95 (ms) | exec → exit p50 / p95 (ms) | peak RSS, whole tree (MiB) |')
    report.append('|---|---|---|---|')
    report.append('| telecentre-kiosk (Xvfb, software renderer) | %.0f / %.0f | %.0f / %.0f | %.1f |' % (
        percentile(k_first, 50), percentile(k_first, 95), percentile(k_exit, 50), percentile(k_exit, 95), k_rss))
    if chrome:
        c_exit = [r[0] for r in chrome]
        c_rss = max(r[2] for r in chrome)
        report.append('| chromium --headless=new --screenshot home.html | (paint is inside exit) | %.0f / %.0f | %.1f |' % (
            percentile(c_exit, 50), percentile(c_exit, 95), c_rss))
        report.append('\nKiosk first frame vs Chromium exec → screenshot written: %.1f× faster; RSS %.0f%% of Chromium\'s tree.' % (
            percentile(c_exit, 50) / percentile(k_first, 50), 100 * k_rss / c_rss))
    else:
        report.append('\n(chromium not installed: `apt-get install chromium` to compare)')


def bench_call_available(rig, env, runs, report):
    """exec -> the first frame that offers "Parler à l'accueil" (media engine ready, live channel
    up), from the kiosk's `call-available` trace line."""
    trace = rig.work / 'call.trace'
    firsts, availables = [], []
    for _ in range(runs):
        trace.unlink(missing_ok=True)
        start = time.monotonic_ns()
        kiosk = subprocess.Popen([rig.bin / 'telecentre-kiosk', '--config', rig.config],
                                 env=dict(env, TELECENTRE_TRACE=str(trace)),
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_for(lambda: trace.exists() and 'call-available' in trace.read_text(), 30,
                     'the call button (a kiosk of this version, with --reception)')
        finally:
            kiosk.terminate(); kiosk.wait(10)
        events = dict((line.split()[0], int(line.split()[2])) for line in trace.read_text().splitlines())
        firsts.append((events['first-frame'] - start) / 1e6)
        availables.append((events['call-available'] - start) / 1e6)
    report.append('\n## Start-up with visio-accueil: exec → "Parler à l\'accueil" offered (%d runs)\n' % runs)
    report.append('| exec → first frame p50 / p95 (ms) | exec → call button drawn p50 / p95 (ms) |')
    report.append('|---|---|')
    report.append('| %.0f / %.0f | %.0f / %.0f |' % (percentile(firsts, 50), percentile(firsts, 95),
                                                   percentile(availables, 50), percentile(availables, 95)))


def bench_preview(rig, env, runs, report):
    """"Parler à l'accueil" -> the consent screen's first camera picture, in the real kiosk: the
    button's action comes through TELECENTRE_CONTROL ("call.open", handled on the UI thread as the
    button is), then "call.cancel"; the kiosk's trace says when the preview started (the UI turn)
    and when its first frame reached the mailbox."""
    trace = rig.work / 'preview.trace'
    control = rig.work / 'control'
    trace.unlink(missing_ok=True)
    control.unlink(missing_ok=True)
    os.mkfifo(control)
    kiosk = subprocess.Popen([rig.bin / 'telecentre-kiosk', '--config', rig.config],
                             env=dict(env, TELECENTRE_TRACE=str(trace), TELECENTRE_CONTROL=str(control)),
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    sent = []
    try:
        wait_for(lambda: trace.exists() and 'call-available' in trace.read_text(), 30, 'the call button')
        fd = os.open(control, os.O_WRONLY)
        try:
            for i in range(runs):
                sent.append(time.monotonic_ns())
                os.write(fd, b'call.open\n')
                wait_for(lambda: trace.read_text().count('call-preview-frame') > i, 10, 'a preview frame')
                os.write(fd, b'call.cancel\n')
                time.sleep(0.3)
        finally:
            os.close(fd)
    finally:
        kiosk.terminate(); kiosk.wait(10)
    lines = [line.split() for line in trace.read_text().splitlines()]
    starts = [int(ns) for event, _, ns in lines if event == 'call-preview-start']
    frames = [int(ns) for event, _, ns in lines if event == 'call-preview-frame']
    tapped = [(f - t) / 1e6 for t, f in zip(sent, frames)]
    started = [(f - t) / 1e6 for t, f in zip(starts, frames)]
    report.append('\n## "Parler à l\'accueil" → first camera preview frame (%d runs)\n' % runs)
    report.append('| from | p50 (ms) | p95 (ms) | max (ms) |')
    report.append('|---|---|---|---|')
    report.append('| the control line written (the tap) | %.1f | %.1f | %.1f |' % (
        percentile(tapped, 50), percentile(tapped, 95), max(tapped)))
    report.append('| the preview started (the UI turn of the tap) | %.1f | %.1f | %.1f |' % (
        percentile(started, 50), percentile(started, 95), max(started)))


def bench_taps(rig, env, taps, report, label):
    trace = rig.work / f'taps-{label}.trace'
    trace.unlink(missing_ok=True)
    kiosk = subprocess.Popen([rig.bin / 'telecentre-kiosk', '--config', rig.config],
                             env=dict(env, TELECENTRE_TRACE=str(trace)),
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(lambda: trace.exists() and 'first-frame' in trace.read_text(), 30, 'the kiosk')
        badges = ['04A1B2C3D4E5F6', '04112233445566']
        latencies = []
        for i in range(taps):
            emulator_command(rig.sock, 'place ' + badges[i % 2])
            tap_id = i + 1
            wait_for(lambda: f'shown {tap_id} ' in trace.read_text(), 30, f'tap {tap_id} shown')
            emulator_command(rig.sock, 'remove')
        events = {}
        for line in trace.read_text().splitlines():
            event, tap, ns = line.split()
            events[(event, int(tap))] = int(ns)
        for tap_id in range(1, taps + 1):
            latencies.append((events[('shown', tap_id)] - events[('tap', tap_id)]) / 1e6)
        report.append('| %s | %d | %.1f | %.1f | %.1f |' % (label, taps, percentile(latencies, 50),
                                                           percentile(latencies, 95), max(latencies)))
        return kiosk
    except Exception:
        kiosk.kill()
        raise


def bench_idle(kiosk, seconds, report):
    def cpu_ticks():
        with open(f'/proc/{kiosk.pid}/stat') as f:
            fields = f.read().rsplit(')', 1)[1].split()
        return int(fields[11]) + int(fields[12])
    hz = os.sysconf('SC_CLK_TCK')
    t0, c0 = time.monotonic(), cpu_ticks()
    time.sleep(seconds)
    t1, c1 = time.monotonic(), cpu_ticks()
    report.append('\n## Idle on the home screen\n')
    report.append('%.0f s idle: %.2f%% of one core (%d clock ticks of CPU time).' % (
        t1 - t0, 100 * (c1 - c0) / hz / (t1 - t0), c1 - c0))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--build', default=str(ROOT / 'build' / 'release'))
    parser.add_argument('--runs', type=int, default=20)
    parser.add_argument('--taps', type=int, default=40)
    parser.add_argument('--idle', type=int, default=30)
    parser.add_argument('--reception', action='store_true')
    parser.add_argument('--startup-only', action='store_true')
    parser.add_argument('--call-available', action='store_true')
    parser.add_argument('--preview-runs', type=int, default=0)
    args = parser.parse_args()
    build = Path(args.build).resolve()
    report = []
    with tempfile.TemporaryDirectory(prefix='telecentre-bench-') as tmp:
        work = Path(tmp)
        rig = Rig(build, work)
        xvfb, display = start_xvfb()
        env = dict(os.environ, DISPLAY=display, LIBNFC_AUTO_SCAN='false', LIBNFC_LOG_LEVEL='0')
        env.pop('SDL_VIDEODRIVER', None)
        backend = rig.start_backend()
        try:
            rig.start_emulator()
            rig.write_config(args.reception)
            bench_startup(rig, env, args.runs, report, chromium=not args.startup_only)
            if args.reception and args.call_available:
                bench_call_available(rig, env, args.runs, report)
            if args.reception and args.preview_runs:
                bench_preview(rig, env, args.preview_runs, report)
            if args.startup_only:
                return print_report(report)
            report.append('\n## Badge tap → greeting drawn\n')
            report.append('| backend | taps | p50 (ms) | p95 (ms) | max (ms) |')
            report.append('|---|---|---|---|---|')
            kiosk = bench_taps(rig, env, args.taps, report, 'online (loopback, TLS)')
            kiosk.terminate(); kiosk.wait(10)
            backend.terminate(); backend.wait(10)
            backend = None
            kiosk = bench_taps(rig, env, args.taps, report, 'offline (backend stopped)')
            try:
                bench_idle(kiosk, args.idle, report)
            finally:
                kiosk.terminate(); kiosk.wait(10)
        finally:
            if backend:
                backend.terminate(); backend.wait(10)
            rig.stop()
            if xvfb:
                xvfb.terminate(); xvfb.wait(10)
    return print_report(report)


def print_report(report):
    cpu = subprocess.run(['sh', '-c', "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"],
                         capture_output=True, text=True).stdout.strip()
    print('# Kiosk benchmark — %s, %d cores, %s\n' % (time.strftime('%Y-%m-%d'), os.cpu_count(), cpu))
    print('\n'.join(report))
    return 0


if __name__ == '__main__':
    sys.exit(main())
