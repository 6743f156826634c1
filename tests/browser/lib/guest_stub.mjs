// A stand-in for the backend's side of conference guests, until telecentre-backend serves it:
// an HTTPS server on 127.0.0.1 (a throwaway CA and certificate made with openssl in the test folder)
// serving the guest page (backend/guest/) at /join/<token>, join descriptors at
// GET /v1/join/<token> (the wire contract in docs/conference.md), and wss://<it>/janus passed
// through to Janus's WebSocket, as the production reverse proxy does. Swap this helper for the
// real backend; the test talks to it only through issue(), expire() and the url.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:https";
import { connect } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "./system.mjs";

const guestFolder = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "backend", "guest");
const types = { html: "text/html; charset=utf-8", js: "text/javascript; charset=utf-8", css: "text/css; charset=utf-8" };

export class GuestStub {
  constructor(folder, janus) {
    this.folder = folder;
    this.janus = janus;
    this.descriptors = new Map(); // token -> descriptor, or "expired"
    this.tunnels = new Set(); // sockets passed through to Janus, closed at stop()
  }

  // The server's certificate (Chromium trusts its public key) and the CA that signed it (Firefox's
  // profile trusts it, lib/firefox.mjs).
  get certificate() {
    return join(this.folder, "guest-stub.pem");
  }

  get ca() {
    return join(this.folder, "guest-stub-ca.pem");
  }

  makeCertificates(key) {
    const caKey = join(this.folder, "guest-stub-ca.key");
    const request = join(this.folder, "guest-stub.csr");
    const extensions = join(this.folder, "guest-stub.ext");
    const curve = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
    const openssl = (args) => execFileSync("openssl", args, { stdio: "ignore" });
    openssl(["req", "-x509", ...curve, "-keyout", caKey, "-out", this.ca, "-days", "2", "-subj", "/CN=telecentre guest stub CA"]);
    openssl(["req", "-new", ...curve, "-keyout", key, "-out", request, "-subj", "/CN=127.0.0.1"]);
    writeFileSync(extensions, "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n");
    openssl(["x509", "-req", "-in", request, "-CA", this.ca, "-CAkey", caKey, "-CAcreateserial", "-days", "2",
      "-extfile", extensions, "-out", this.certificate]);
  }

  async start() {
    const key = join(this.folder, "guest-stub.key");
    this.makeCertificates(key);
    this.port = await freePort();
    this.server = createServer({ key: readFileSync(key), cert: readFileSync(this.certificate) }, (request, response) =>
      this.serve(request, response),
    );
    this.server.on("upgrade", (request, socket, head) => this.passToJanus(request, socket, head));
    await new Promise((resolve) => this.server.listen(this.port, "127.0.0.1", resolve));
    return this;
  }

  get url() {
    return `https://127.0.0.1:${this.port}`;
  }

  joinUrl(token) {
    return `${this.url}/join/${token}`;
  }

  // The descriptor the backend would answer for `token`: overrides replace its fields.
  issue(token, { room, pin, janusToken, ...overrides }) {
    this.descriptors.set(token, {
      conference: `conf-${room}`,
      room,
      pin,
      janus: { ws: `wss://127.0.0.1:${this.port}/janus`, http: `${this.url}/janus`, token: janusToken },
      ice_servers: [],
      site: "Murat",
      resource: "Salle de visio",
      ends_at: new Date(Date.now() + 3600 * 1000).toISOString(),
      language: "fr",
      ...overrides,
    });
  }

  expire(token) {
    this.descriptors.set(token, "expired");
  }

  serve(request, response) {
    const path = new URL(request.url, this.url).pathname;
    const reply = (status, type, body) => {
      response.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store" });
      response.end(body);
    };
    const json = (status, value) => reply(status, "application/json", JSON.stringify(value));
    let match;
    if ((match = path.match(/^\/v1\/join\/([^/]+)$/))) {
      const descriptor = this.descriptors.get(decodeURIComponent(match[1]));
      if (descriptor === undefined) {
        return json(404, { error: { code: "unknown_token", message: "unknown or forged token" } });
      }
      if (descriptor === "expired") {
        return json(410, { error: { code: "expired", message: "the conference has ended" } });
      }
      return json(200, descriptor);
    }
    if (path.match(/^\/join\/[^/]+$/)) {
      return reply(200, types.html, readFileSync(join(guestFolder, "index.html")));
    }
    if ((match = path.match(/^\/guest\/([a-z0-9_-]+)\.(js|css|html)$/))) {
      try {
        return reply(200, types[match[2]], readFileSync(join(guestFolder, `${match[1]}.${match[2]}`)));
      } catch {
        // not found below
      }
    }
    return json(404, { error: { code: "not_found", message: path } });
  }

  // wss://<stub>/janus -> ws://127.0.0.1:<Janus>: the upgrade request is written to Janus as it
  // came and the two sockets are joined, so either end closing closes the other.
  passToJanus(request, socket, head) {
    if (!request.url.startsWith("/janus")) {
      socket.destroy();
      return;
    }
    const upstream = connect(this.janus.ports.ws, "127.0.0.1", () => {
      let text = `${request.method} ${request.url} HTTP/1.1\r\n`;
      for (let i = 0; i < request.rawHeaders.length; i += 2) {
        text += `${request.rawHeaders[i]}: ${request.rawHeaders[i + 1]}\r\n`;
      }
      upstream.write(`${text}\r\n`);
      if (head.length) {
        upstream.write(head);
      }
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    this.tunnels.add(socket);
    const end = () => {
      this.tunnels.delete(socket);
      upstream.destroy();
      socket.destroy();
    };
    upstream.on("error", end);
    upstream.on("close", end);
    socket.on("error", end);
    socket.on("close", end);
  }

  stop() {
    for (const socket of this.tunnels) {
      socket.destroy();
    }
    this.server?.closeAllConnections?.();
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
