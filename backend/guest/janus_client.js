// A small client of the Janus WebSocket API (subprotocol "janus-protocol"): one session, plugin
// handles, requests matched to answers by transaction, keepalives so the session outlives
// Janus's 60 s timeout. Only what the guest page needs (docs/conference.md says why not janus.js).
const kKeepaliveMs = 25000;
const kRequestTimeoutMs = 15000;

export class JanusError extends Error {
  constructor(code, reason) {
    super(`${code} ${reason}`);
    this.code = code;
    this.reason = reason;
  }
}

const transactionId = () => Math.random().toString(36).slice(2, 12) + Date.now().toString(36);

class Handle {
  constructor(session, id) {
    this.session = session;
    this.id = id;
    // Unsolicited plugin events: fn({data, jsep}). Janus core events: fn(name, message).
    this.onEvent = () => {};
    this.onCore = () => {};
  }

  // A plugin request. Janus answers a synchronous one with "success", an asynchronous one with an
  // "ack" and then an "event" carrying the same transaction; either way this resolves with the
  // plugin's data (and the JSEP, if any), or rejects with its error.
  async message(body, jsep) {
    const request = { janus: "message", handle_id: this.id, body };
    if (jsep) {
      request.jsep = jsep;
    }
    const answer = await this.session.send(request, { untilEvent: true });
    const data = answer.plugindata?.data ?? {};
    if (data.error_code) {
      throw new JanusError(data.error_code, data.error ?? "");
    }
    return { data, jsep: answer.jsep };
  }

  trickle(candidate) {
    return this.session.send({ janus: "trickle", handle_id: this.id, candidate: candidate ?? { completed: true } }).catch(() => {});
  }

  detach() {
    return this.session.send({ janus: "detach", handle_id: this.id }).catch(() => {});
  }
}

export class JanusSession {
  // url: ws:// or wss:// of the Janus WebSocket API; token: a stored Janus token (token_auth).
  constructor(url, { token } = {}) {
    this.url = url;
    this.token = token;
    this.pending = new Map();
    this.handles = new Map();
    this.id = null;
    this.closed = false;
    // Called once when the link to Janus is lost (socket closed, session timed out) after open.
    this.onLost = () => {};
  }

  open() {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(this.url, "janus-protocol");
      this.socket = socket;
      let opened = false;
      socket.onopen = async () => {
        opened = true;
        try {
          const answer = await this.send({ janus: "create" });
          this.id = answer.data.id;
          this.keepalive = setInterval(() => this.send({ janus: "keepalive" }).catch(() => {}), kKeepaliveMs);
          resolve(this);
        } catch (problem) {
          this.close();
          reject(problem);
        }
      };
      socket.onmessage = (event) => this.receive(event.data);
      socket.onclose = () => {
        if (!opened) {
          reject(new JanusError(0, "cannot reach Janus"));
        }
        this.lost();
      };
    });
  }

  async attach(plugin) {
    const answer = await this.send({ janus: "attach", plugin });
    const handle = new Handle(this, answer.data.id);
    this.handles.set(handle.id, handle);
    return handle;
  }

  send(request, { untilEvent = false } = {}) {
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN) {
      return Promise.reject(new JanusError(0, "not connected"));
    }
    const transaction = transactionId();
    const message = { ...request, transaction };
    if (this.id !== null && request.janus !== "create") {
      message.session_id = this.id;
    }
    if (this.token) {
      message.token = this.token;
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(transaction);
        reject(new JanusError(0, `no answer to ${request.janus}`));
      }, kRequestTimeoutMs);
      this.pending.set(transaction, { resolve, reject, timer, untilEvent });
      this.socket.send(JSON.stringify(message));
    });
  }

  receive(text) {
    let message;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    const waiting = message.transaction ? this.pending.get(message.transaction) : undefined;
    if (waiting) {
      if (message.janus === "ack" && waiting.untilEvent) {
        return; // the event with the answer follows
      }
      this.pending.delete(message.transaction);
      clearTimeout(waiting.timer);
      if (message.janus === "error") {
        waiting.reject(new JanusError(message.error?.code ?? 0, message.error?.reason ?? ""));
      } else {
        waiting.resolve(message);
      }
      return;
    }
    if (message.janus === "timeout") {
      this.lost();
      return;
    }
    const handle = this.handles.get(message.sender);
    if (!handle) {
      return;
    }
    if (message.janus === "event") {
      handle.onEvent({ data: message.plugindata?.data ?? {}, jsep: message.jsep });
    } else {
      handle.onCore(message.janus, message);
    }
  }

  lost() {
    if (this.closed) {
      return;
    }
    this.close();
    this.onLost();
  }

  // Ends the session: Janus drops its handles (the room sees the participant leave).
  close() {
    if (this.closed) {
      return;
    }
    this.closed = true;
    clearInterval(this.keepalive);
    for (const { reject, timer } of this.pending.values()) {
      clearTimeout(timer);
      reject(new JanusError(0, "closed"));
    }
    this.pending.clear();
    if (this.socket && this.socket.readyState === WebSocket.OPEN && this.id !== null) {
      try {
        this.socket.send(JSON.stringify({ janus: "destroy", session_id: this.id, transaction: transactionId(), token: this.token }));
      } catch {
        // the socket is going anyway
      }
    }
    this.socket?.close();
  }
}
