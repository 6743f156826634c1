// The real programs for browser tests: telecentre-backend (demo data, its own TLS CA) and
// telecentre-kiosk (offscreen, test camera and tone), each in a test folder, on 127.0.0.1.
// The kiosk is driven through TELECENTRE_CONTROL and observed through TELECENTRE_TRACE
// (kiosk/app/src/test_control.hpp, trace.hpp).
import { spawn, execFileSync } from "node:child_process";
import { request as httpsRequest } from "node:https";
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync, openSync, closeSync } from "node:fs";
import { connect, createServer } from "node:net";
import { join } from "node:path";

export const binaries = {
  backend: process.env.TELECENTRE_BACKEND_EXE,
  kiosk: process.env.TELECENTRE_KIOSK_EXE,
  emulator: process.env.TELECENTRE_PN532_EMULATOR_EXE,
};

// Polls `probe` every 50 ms until it returns a truthy value, or fails after `ms` saying `what`.
export async function until(what, probe, ms = 20000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

function child(name, command, args, env, logFile) {
  const log = openSync(logFile, "a");
  const process_ = spawn(command, args, { env: { ...process.env, ...env }, stdio: ["ignore", log, log] });
  closeSync(log);
  const exited = new Promise((resolve) => process_.on("exit", (code, signal) => resolve({ code, signal })));
  return { name, process: process_, exited, log: logFile };
}

export class Backend {
  // extraArgs: more command-line options (the conference test's Janus options, --public-url).
  constructor(folder, port, { extraArgs = [] } = {}) {
    this.folder = folder;
    this.port = port;
    this.extraArgs = extraArgs;
    this.data = join(folder, "backend");
    this.url = `https://127.0.0.1:${port}`;
  }

  async start() {
    mkdirSync(this.data, { recursive: true });
    const portFile = join(this.folder, "backend.port");
    execFileSync("rm", ["-f", portFile]);
    this.child = child(
      "backend",
      binaries.backend,
      [
        "--data-dir", this.data, "--listen", `127.0.0.1:${this.port}`, "--port-file", portFile, "--demo",
        ...this.extraArgs.map(String),
      ],
      {},
      join(this.folder, "backend.log"),
    );
    await until("the backend's port file", () => existsSync(portFile) && readFileSync(portFile, "utf8").trim());
    return this;
  }

  get certificate() {
    return join(this.data, "tls", "server.pem");
  }

  get ca() {
    return join(this.data, "tls", "ca.pem");
  }

  agentPassword() {
    return readFileSync(join(this.data, "staff", "accueil.password"), "utf8").trim();
  }

  // The device token --demo wrote for `site` (every device of a site may act as its terminals).
  deviceToken(site) {
    return readFileSync(join(this.data, "devices", `${site}.token`), "utf8").trim();
  }

  log() {
    return readFileSync(this.child.log, "utf8");
  }

  // Runs SQL on the backend's database with the sqlite3 program, beside the running backend (WAL:
  // another writer waits for the lock at most 5 s); returns what sqlite3 printed.
  sql(statement) {
    return execFileSync("sqlite3", ["-cmd", ".timeout 5000", join(this.data, "telecentre.db"), statement], {
      encoding: "utf8",
    }).trim();
  }

  // One HTTPS request to the backend, TLS checked against its CA; `token`: a device's bearer
  // token. Resolves with {status, body} (body parsed when it is JSON).
  api(method, path, { token, body } = {}) {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers = { Accept: "application/json" };
    if (token) {
      headers.Authorization = `Bearer ${token}`;
    }
    if (payload !== undefined) {
      headers["Content-Type"] = "application/json";
      headers["Content-Length"] = Buffer.byteLength(payload);
    }
    return new Promise((resolve, reject) => {
      const request = httpsRequest(
        `${this.url}${path}`,
        { method, headers, ca: readFileSync(this.ca), timeout: 10000 },
        (response) => {
          let text = "";
          response.setEncoding("utf8");
          response.on("data", (chunk) => (text += chunk));
          response.on("end", () => {
            let parsed = text;
            try {
              parsed = JSON.parse(text);
            } catch {
              // not JSON: the text as it came
            }
            resolve({ status: response.statusCode, body: parsed, headers: response.headers });
          });
        },
      );
      request.on("timeout", () => request.destroy(new Error(`${method} ${path}: no answer in 10 s`)));
      request.on("error", reject);
      request.end(payload);
    });
  }

  async stop(signal = "SIGTERM") {
    if (!this.child || this.child.process.exitCode !== null || this.child.process.signalCode !== null) {
      return;
    }
    this.child.process.kill(signal);
    await this.child.exited;
  }
}

export class Kiosk {
  // camera: a reception.camera rule (docs/kiosk.md): "test", "test-clock" for the glass-to-glass
  // benchmark, or one that finds no camera for a sound-only call.
  // screenshots: a PNG of each new screen in <folder>/screens (the kiosk's --screenshots).
  // room: the resource id of a room terminal (role "room", visio-accueil off); iceAddresses: where
  // its media gathers candidates (127.0.0.1 by default; the veth's 10.99.0.2 to reach Janus).
  // reader: an emulated PN532 (telecentre-pn532-emulator) on a pseudo-terminal, read by the real
  // libnfc driver; tap(uid) puts a card on it. Without one the kiosk says its reader is missing.
  constructor(folder, backend, site, { camera = "test", screenshots = false, room = null, iceAddresses = ["127.0.0.1"], reader = false } = {}) {
    this.reader = reader;
    this.folder = join(folder, room ? `room-${room}` : `kiosk-${site}`);
    this.backend = backend;
    this.site = site;
    this.room = room;
    this.iceAddresses = iceAddresses;
    this.camera = camera;
    this.screenshots = screenshots ? join(this.folder, "screens") : null;
    this.trace = join(this.folder, "trace");
    this.control = join(this.folder, "control");
  }

  async start() {
    mkdirSync(this.folder, { recursive: true });
    const config = join(this.folder, "kiosk.toml");
    let connstring = `pn532_uart:${join(this.folder, "no-reader")}`;
    if (this.reader) {
      const link = join(this.folder, "pn532");
      this.readerSocket = join(this.folder, "pn532.sock");
      execFileSync("rm", ["-f", link, this.readerSocket]);
      this.emulator = child("pn532-emulator", binaries.emulator, ["--link", link, "--control", this.readerSocket], {},
        join(this.folder, "pn532-emulator.log"));
      await until("the emulated reader", () => existsSync(this.readerSocket), 10000);
      connstring = `pn532_uart:${link}`;
    }
    writeFileSync(
      config,
      `[kiosk]
site = "${this.site}"
role = "${this.room ? "room" : "reception"}"
${this.room ? `resource = "${this.room}"\n` : ""}language = "fr"
fullscreen = false

[backend]
url = "${this.backend.url}"
ca_file = "${this.backend.ca}"
device_token_file = "${join(this.backend.data, "devices", `${this.site}.token`)}"

[reader]
connstring = "${connstring}"

[storage]
directory = "${join(this.folder, "state")}"

[reception]
enabled = ${this.room ? "false" : "true"}
phone = "04 71 00 00 00"
hours = "Du lundi au vendredi, de 9 h à 17 h"
camera = "${this.camera}"
microphone = "test"
speaker = "none"
ice_addresses = [${this.iceAddresses.map((address) => `"${address}"`).join(", ")}]
`,
    );
    execFileSync("rm", ["-f", this.control, this.trace]);
    execFileSync("mkfifo", [this.control]);
    this.child = child(
      `kiosk-${this.site}`,
      binaries.kiosk,
      this.screenshots ? ["--config", config, "--screenshots", this.screenshots] : ["--config", config],
      {
        SDL_VIDEODRIVER: "offscreen",
        SDL_AUDIODRIVER: "dummy",
        TELECENTRE_TRACE: this.trace,
        TELECENTRE_CONTROL: this.control,
        LIBNFC_AUTO_SCAN: "false",
        LIBNFC_LOG_LEVEL: "0",
      },
      join(this.folder, "kiosk.log"),
    );
    await this.waitFor("live-up");
    if (this.room) {
      // The door panel shows once the room's schedule came.
      await this.waitFor("door-updated");
      return this;
    }
    // "Parler à l'accueil" is offered once the live channel is up and the media engine ready;
    // a call placed before would be refused, as the button is not drawn before.
    await this.waitFor("call-available");
    return this;
  }

  // The trace's lines as {event, value, at (ns)}.
  events() {
    if (!existsSync(this.trace)) {
      return [];
    }
    return readFileSync(this.trace, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => {
        const [event, value, at] = line.split(" ");
        return { event, value: Number(value), at: Number(at) };
      });
  }

  count(event) {
    return this.events().filter((entry) => entry.event === event).length;
  }

  last(event) {
    return this.events().filter((entry) => entry.event === event).at(-1);
  }

  // Waits for the n-th occurrence of `event` (1 = the first).
  async waitFor(event, n = 1, ms = 20000) {
    return until(`kiosk ${this.site}: "${event}" #${n}`, () => this.count(event) >= n && this.last(event), ms);
  }

  send(line) {
    writeFileSync(this.control, `${line}\n`);
  }

  // A badge on the emulated reader (reader: true): placed, then taken away. Resolves with the
  // emulator's answer.
  tap(uid) {
    return new Promise((resolve, reject) => {
      const socket = connect(this.readerSocket);
      let answer = "";
      socket.on("data", (data) => {
        answer += data;
        if (answer.includes("\n")) {
          socket.end();
          resolve(answer.trim());
        }
      });
      socket.on("error", reject);
      socket.write(`tap ${uid}\n`);
    });
  }

  get pid() {
    return this.child.process.pid;
  }

  alive() {
    return this.child && this.child.process.exitCode === null && this.child.process.signalCode === null;
  }

  // Threads and open descriptors of the kiosk process, for leak checks.
  resources() {
    return {
      threads: readdirSync(`/proc/${this.pid}/task`).length,
      fds: readdirSync(`/proc/${this.pid}/fd`).length,
    };
  }

  async stop(signal = "SIGTERM") {
    if (!this.alive()) {
      return this.child ? this.child.exited : undefined;
    }
    if (signal === "SIGTERM") {
      this.send("quit");
    } else {
      this.child.process.kill(signal);
    }
    const timer = setTimeout(() => this.child.process.kill("SIGKILL"), 15000);
    const result = await this.child.exited;
    clearTimeout(timer);
    if (this.emulator) {
      this.emulator.process.kill("SIGTERM");
      await this.emulator.exited;
    }
    return result;
  }
}
