// Janus for browser tests, started through scripts/janus (the project's configuration) in a test
// folder, its HTTP, WebSocket and admin APIs on free ports of 127.0.0.1 and ICE restricted to the
// network namespace's veth (tests/browser/in-netns --veth). The backend makes the rooms and stores
// the guests' tokens; the helpers below only look, with the API secret: is a room there, who is in it.
import { spawn } from "node:child_process";
import { chmodSync, closeSync, mkdirSync, mkdtempSync, openSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { randomBytes } from "node:crypto";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, until } from "./system.mjs";

const launcher = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "scripts", "janus");

const transaction = () => randomBytes(6).toString("hex");

async function postJson(url, body) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(5000),
  });
  return response.json();
}

export class Janus {
  // iceInterface: the interface Janus gathers candidates on (ice_enforce_list).
  // debugLevel: Janus's log level, 0 to 4 (scripts/janus refuses more: it would log the secrets).
  constructor(folder, { iceInterface = process.env.TELECENTRE_TEST_INTERFACE, debugLevel } = {}) {
    this.testFolder = folder;
    // Janus runs as nobody when the tests run as root (CI), and nobody must be able to walk down
    // to its configuration: a checkout under /root (0700) would not let it. So its folder is under
    // the system's temporary folder, as the PostgreSQL the tests start is; logs stay in `folder`.
    this.folder = join(mkdtempSync(join(tmpdir(), "telecentre-janus-")), "janus");
    this.iceInterface = iceInterface;
    this.debugLevel = debugLevel;
    this.starts = 0;
  }

  get httpUrl() {
    return `http://127.0.0.1:${this.ports.http}/janus`;
  }

  get adminUrl() {
    return `http://127.0.0.1:${this.ports.admin}/admin`;
  }

  get wsUrl() {
    return `ws://127.0.0.1:${this.ports.ws}/janus`;
  }

  // The backend's options that turn its conference rooms on with this Janus; the guest links
  // start with the backend's own address (port), rooms are looked after every upkeepSeconds.
  backendArgs(port, upkeepSeconds) {
    return [
      "--janus-http", this.httpUrl,
      "--janus-admin", this.adminUrl,
      "--janus-secrets", join(this.folder, "secrets.json"),
      "--janus-ws", this.wsUrl,
      "--public-url", `https://127.0.0.1:${port}`,
      "--conference-upkeep", upkeepSeconds,
    ];
  }

  get apiSecret() {
    return this.secrets().api_secret;
  }

  get adminSecret() {
    return this.secrets().admin_secret;
  }

  secrets() {
    return JSON.parse(readFileSync(join(this.folder, "secrets.json"), "utf8"));
  }

  // Starts Janus and waits until its info endpoint answers; returns the milliseconds it took.
  async start() {
    this.ports ??= { http: await freePort(), ws: await freePort(), admin: await freePort() };
    mkdirSync(this.folder, { recursive: true });
    if (process.getuid?.() === 0) {
      chmodSync(dirname(this.folder), 0o711); // mkdtemp makes it 0700
    }
    const args = ["--folder", this.folder, "--http-port", this.ports.http, "--ws-port", this.ports.ws];
    args.push("--admin-port", this.ports.admin);
    if (this.debugLevel) {
      args.push("--debug-level", this.debugLevel);
    }
    if (this.iceInterface) {
      args.push("--ice-interface", this.iceInterface);
    }
    this.starts += 1;
    const log = openSync(join(this.testFolder, `janus-${this.starts}.log`), "a");
    const started = performance.now();
    this.process = spawn(launcher, args.map(String), { stdio: ["ignore", log, log] });
    closeSync(log);
    this.exited = new Promise((resolve) => this.process.on("exit", (code, signal) => resolve({ code, signal })));
    await until(
      "Janus's info endpoint",
      async () => {
        if (!this.alive()) {
          throw new Error(`Janus exited at start (see ${this.testFolder}/janus-${this.starts}.log)`);
        }
        return this.info().catch(() => null);
      },
      10000,
    );
    this.startMs = performance.now() - started;
    return this;
  }

  alive() {
    return this.process && this.process.exitCode === null && this.process.signalCode === null;
  }

  async info() {
    const response = await fetch(`${this.httpUrl}/info`, { signal: AbortSignal.timeout(2000) });
    if (!response.ok) {
      throw new Error(`info: HTTP ${response.status}`);
    }
    return response.json();
  }

  // Ends Janus with `signal`, SIGKILL after 5 s if it lingers.
  async stop(signal = "SIGTERM") {
    if (!this.alive()) {
      return this.exited;
    }
    this.process.kill(signal);
    const timer = setTimeout(() => this.process.kill("SIGKILL"), 5000);
    const result = await this.exited;
    clearTimeout(timer);
    return result;
  }

  // "Janus dies mid-conference": no goodbye to anyone.
  kill() {
    return this.stop("SIGKILL");
  }

  // A new Janus on the same ports and with the same secrets; rooms and tokens are gone, as after a
  // real restart, and must be created again.
  async restart({ signal = "SIGTERM" } = {}) {
    await this.stop(signal);
    return this.start();
  }

  // ---------------------------------------------------------------- the backend's side of the API

  async request(path, body) {
    const answer = await postJson(`${this.httpUrl}${path}`, { ...body, transaction: transaction(), apisecret: this.apiSecret });
    if (answer.janus === "error") {
      throw new Error(`Janus ${body.janus}: ${answer.error?.code} ${answer.error?.reason}`);
    }
    return answer;
  }

  // A session with a VideoRoom handle; returns a function sending one synchronous request.
  async videoroom() {
    const session = (await this.request("", { janus: "create" })).data.id;
    const handle = (await this.request(`/${session}`, { janus: "attach", plugin: "janus.plugin.videoroom" })).data.id;
    const send = async (body) => {
      const answer = await this.request(`/${session}/${handle}`, { janus: "message", body });
      const data = answer.plugindata?.data ?? {};
      if (data.error_code) {
        throw new Error(`VideoRoom ${body.request}: ${data.error_code} ${data.error}`);
      }
      return data;
    };
    const close = () => this.request(`/${session}`, { janus: "destroy" }).catch(() => {});
    return { send, close };
  }

  // VideoRoom's own answer to "is this room here?" (what the backend's upkeep asks too).
  async roomExists(room) {
    const videoroom = await this.videoroom();
    try {
      return (await videoroom.send({ request: "exists", room })).exists === true;
    } finally {
      await videoroom.close();
    }
  }

  async listParticipants(room) {
    const videoroom = await this.videoroom();
    try {
      return (await videoroom.send({ request: "listparticipants", room })).participants ?? [];
    } finally {
      await videoroom.close();
    }
  }
}
