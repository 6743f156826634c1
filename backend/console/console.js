// The reception console: log in, be available or away, see the network's queue of visio-accueil
// calls ring, answer one, talk by video, hang up; see and handle callback requests. Everything
// the page shows is drawn by render() from `state`; every text from a visitor goes through
// textContent, never as HTML. The live channel is wss://<this host>/v1/live, authenticated by
// the session cookie (docs/reception.md).
import { t, setLanguage, translatePage, clock, currentLanguage } from "./i18n.js";
import { ReceptionCall } from "./call.js";

const $ = (id) => document.getElementById(id);

const state = {
  staff: null, // {id, login, display_name, role, site_id}
  socket: null,
  online: false,
  available: sessionStorage.getItem("tc-available") === "1",
  queue: [],
  agentsAvailable: 0,
  call: null, // {id, info, rtc, phase: accepting | connecting | connected}
  ended: null, // the reason key of the call that just ended, shown until dismissed
  notice: "", // one line for refusals
  callbacks: null, // null: not loaded or not offered by this server
  retry: 0,
  ringing: false,
  iceServers: [],
  marks: {}, // wall-clock milliseconds of the current call's steps: ring, answer, firstFrame
};

const wallClock = () => performance.timeOrigin + performance.now();

// ---------------------------------------------------------------- REST

async function api(method, path, body) {
  const options = { method, credentials: "same-origin", headers: {} };
  if (body !== undefined) {
    options.headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body);
  }
  const response = await fetch(path, options);
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  return { status: response.status, data };
}

const isAgent = () => state.staff && (state.staff.role === "reception" || state.staff.role === "admin");

// ---------------------------------------------------------------- the live channel

function sendJson(message) {
  if (state.socket && state.socket.readyState === WebSocket.OPEN) {
    state.socket.send(JSON.stringify(message));
    return true;
  }
  return false;
}

function connect() {
  const socket = new WebSocket(`wss://${location.host}/v1/live`);
  state.socket = socket;
  socket.onopen = () => {
    state.online = true;
    state.retry = 0;
    if (isAgent()) {
      sendJson({ type: "agent.status", available: state.available });
    }
    render();
  };
  socket.onmessage = (event) => {
    let message;
    try {
      message = JSON.parse(event.data);
    } catch {
      return;
    }
    onMessage(message);
  };
  socket.onclose = async () => {
    if (state.socket !== socket) {
      return;
    }
    state.socket = null;
    state.online = false;
    state.queue = [];
    if (state.call) {
      // The backend ends a call whose agent is gone; the page ends it too.
      endCall("agent_lost");
    }
    render();
    if (!state.staff) {
      return;
    }
    // A session that expired gets the log-in form back rather than endless retries.
    const me = await api("GET", "/v1/staff/me").catch(() => ({ status: 0 }));
    if (me.status === 401) {
      return showLogin();
    }
    const delay = Math.min(30000, 1000 * 2 ** state.retry++);
    setTimeout(() => state.staff && !state.socket && connect(), delay);
  };
}

function onMessage(message) {
  switch (message.type) {
    case "reception.queue":
      state.queue = Array.isArray(message.calls) ? message.calls : [];
      state.agentsAvailable = message.agents_available ?? 0;
      break;
    case "call.assigned":
      if (state.call && state.call.id === message.call_id) {
        state.call.info = message;
        state.call.phase = "connecting";
      }
      break;
    case "call.signal":
      if (state.call && state.call.id === message.call_id && message.signal) {
        state.call.rtc.receive(message.signal).catch((problem) => {
          console.warn("signal", problem?.message);
          hangUp("media_failed");
        });
      }
      return;
    case "call.ended":
      if (state.call && state.call.id === message.call_id) {
        endCall(message.reason);
      }
      break;
    case "callbacks.changed":
      loadCallbacks();
      return;
    case "error":
      if (state.call && state.call.phase === "accepting") {
        // Another agent was first: let the camera go and say so.
        state.call.rtc.close();
        state.call = null;
        state.notice = t("taken");
      } else if (message.code === "refused") {
        state.notice = t("refused", { message: message.message ?? "" });
      }
      break;
    default:
      return;
  }
  render();
}

// ---------------------------------------------------------------- calls

function answer(callId) {
  if (state.call || !state.online) {
    return;
  }
  const info = state.queue.find((call) => call.call_id === callId) ?? { call_id: callId };
  const rtc = new ReceptionCall({
    callId,
    iceServers: state.iceServers,
    send: (signal) => sendJson({ type: "call.signal", call_id: callId, signal }),
    onRemoteStream: (stream) => {
      const video = $("remote-video");
      if (video.srcObject !== stream) {
        video.srcObject = stream;
        const shown = () => {
          if (state.call?.rtc === rtc) {
            state.marks.firstFrame ??= wallClock();
          }
        };
        if (video.requestVideoFrameCallback) {
          video.requestVideoFrameCallback(shown);
        } else {
          video.addEventListener("loadeddata", shown, { once: true });
        }
      }
      video.play().catch(() => {});
    },
    onState: (connection) => {
      if (!state.call || state.call.rtc !== rtc) {
        return;
      }
      if (connection === "connected") {
        state.call.phase = "connected";
      } else if (connection === "failed") {
        return hangUp("media_failed");
      }
      render();
    },
  });
  state.call = { id: callId, info, rtc, phase: "accepting", muted: false, cameraOff: false };
  state.marks = { ring: state.marks.ring, answer: wallClock() };
  state.ended = null;
  state.notice = "";
  rtc.prepare((constraints) => navigator.mediaDevices.getUserMedia(constraints)).then((stream) => {
    if (state.call?.rtc === rtc && stream) {
      $("self-video").srcObject = stream;
    }
    render();
  });
  sendJson({ type: "call.accept", call_id: callId });
  render();
  $("hangup").focus();
}

function hangUp(reason = "agent_hung_up") {
  if (!state.call) {
    return;
  }
  sendJson({ type: "call.hangup", call_id: state.call.id });
  endCall(reason);
}

function endCall(reason) {
  if (!state.call) {
    return;
  }
  state.call.rtc.close();
  state.call = null;
  state.ended = reason;
  $("remote-video").srcObject = null;
  $("self-video").srcObject = null;
  render();
  $("ended-ok").focus();
}

// ---------------------------------------------------------------- the ringer (Web Audio)

let audio = null;
let ringTimer = null;

function audioContext() {
  if (!audio && window.AudioContext) {
    audio = new AudioContext();
  }
  return audio;
}

function ringOnce() {
  const context = audioContext();
  if (!context || context.state !== "running") {
    return;
  }
  const start = context.currentTime;
  for (const [offset, frequency] of [[0, 440], [0.4, 480], [0.8, 440]]) {
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, start + offset);
    gain.gain.exponentialRampToValueAtTime(0.25, start + offset + 0.03);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.35);
    oscillator.connect(gain).connect(context.destination);
    oscillator.start(start + offset);
    oscillator.stop(start + offset + 0.4);
  }
}

function setRinging(ringing) {
  if (ringing === state.ringing) {
    return;
  }
  state.ringing = ringing;
  if (ringing) {
    state.marks = { ring: wallClock() };
    ringOnce();
    ringTimer = setInterval(ringOnce, 3000);
    const first = state.queue[0];
    $("announce").textContent = t("announce_ring", { site: first?.site_name ?? "" });
    // Only when no control has the focus: <main> is where the page itself puts it after log-in
    // and after a call (not a control), so a keyboard user can press Enter at once.
    const focused = document.activeElement;
    if (!focused || focused === document.body || focused === $("main")) {
      $("ring-answer").focus();
    }
  } else {
    clearInterval(ringTimer);
    ringTimer = null;
  }
}

// ---------------------------------------------------------------- callbacks

async function loadCallbacks() {
  const answer_ = await api("GET", "/v1/callbacks").catch(() => ({ status: 0 }));
  if (answer_.status === 200 && Array.isArray(answer_.data?.callbacks)) {
    state.callbacks = answer_.data.callbacks;
  } else if (answer_.status === 404) {
    state.callbacks = null;
  }
  render();
}

async function markHandled(id) {
  const answer_ = await api("POST", `/v1/callbacks/${encodeURIComponent(id)}/handled`, {});
  if (answer_.status !== 200) {
    state.notice = t("refused", { message: answer_.data?.message ?? String(answer_.status) });
  }
  await loadCallbacks();
}

// ---------------------------------------------------------------- STUN/TURN servers

// The backend's STUN/TURN servers, TURN with credentials of this agent's own that expire; asked
// for again every half hour so that a call never starts with stale ones.
let iceTimer = null;

async function loadIceServers() {
  const answer_ = await api("GET", "/v1/staff/ice-servers").catch(() => ({ status: 0 }));
  if (answer_.status === 200 && Array.isArray(answer_.data?.ice_servers)) {
    state.iceServers = answer_.data.ice_servers;
  }
}

// ---------------------------------------------------------------- drawing

function visitorLine(call) {
  const site = call.site_name || call.site_id || "";
  return call.visitor_name ? t("ring_visitor", { name: call.visitor_name, site }) : t("ring_from", { site });
}

function render() {
  const agent = isAgent();
  $("link-state").dataset.state = state.online ? "online" : "offline";
  $("link-state").textContent = state.online ? t("online") : t("offline");
  $("link-state").hidden = !state.staff;

  const availability = $("availability");
  availability.hidden = !agent;
  availability.setAttribute("aria-pressed", String(state.available));
  availability.textContent = state.available ? t("available") : t("away");
  availability.title = state.available ? t("availability_hint_on") : t("availability_hint_off");
  $("sound").hidden = !agent || (audio && audio.state === "running");

  // The call panel: a call, else the ringing banner, else a sentence.
  const call = state.call;
  const ringing = agent && state.available && state.online && !call && state.queue.length > 0;
  $("ringing").hidden = !ringing;
  if (ringing) {
    const first = state.queue[0];
    $("ring-from").textContent = visitorLine(first);
    $("ring-reason").textContent = first.reason ?? "";
    $("ring-answer").dataset.call = first.call_id;
  }
  setRinging(ringing); // after the banner is shown: a hidden answer button cannot take the focus
  $("in-call").hidden = !call;
  if (call) {
    const who = call.info?.visitor_name || t("visitor_unnamed");
    $("call-with").textContent = t("call_with", { who }) + (call.info?.site_name ? ` — ${call.info.site_name}` : "");
    let line = call.phase === "connected" ? t("connected") : t("connecting");
    if (call.rtc.local !== null || call.phase === "connected") {
      if (!call.rtc.hasMicrophone()) {
        line += " " + t("no_devices");
      } else if (!call.rtc.hasCamera()) {
        line += " " + t("no_camera");
      }
    }
    if (call.phase === "connected" && !call.rtc.remoteHasVideo()) {
      line += " " + t("visitor_no_camera");
    }
    $("call-state").textContent = line;
    $("mute").setAttribute("aria-pressed", String(call.muted));
    $("mute").textContent = call.muted ? t("unmute") : t("mute");
    $("camera").setAttribute("aria-pressed", String(call.cameraOff));
    $("camera").textContent = call.cameraOff ? t("camera_on") : t("camera_off");
  }
  $("ended").hidden = !state.ended || !!call;
  $("ended-text").textContent = state.ended ? t(`ended_${state.ended}`) : "";
  const idle = $("idle");
  idle.hidden = ringing || !!call;
  if (!state.online) {
    idle.textContent = t("idle_offline");
  } else if (!agent) {
    idle.textContent = t("animateur_note");
  } else {
    idle.textContent = state.notice || (state.available ? t("idle_available") : t("idle_away"));
  }

  renderQueue(agent);
  renderCallbacks();
}

function renderQueue(agent) {
  const list = $("queue-list");
  list.replaceChildren();
  $("queue-summary").textContent = state.queue.length
    ? t("queue_count", { count: state.queue.length, agents: state.agentsAvailable })
    : t("queue_empty");
  for (const call of state.queue) {
    const item = document.createElement("li");
    const site = document.createElement("span");
    site.className = "site";
    site.textContent = visitorLine(call);
    item.append(site);
    if (call.reason) {
      const reason = document.createElement("span");
      reason.textContent = call.reason;
      item.append(reason);
    }
    const meta = document.createElement("span");
    meta.className = "meta";
    meta.textContent = t("waiting_since", { time: clock(call.queued_at) });
    item.append(meta);
    if (agent) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "primary";
      button.textContent = t("answer");
      button.disabled = !!state.call || !state.online;
      button.addEventListener("click", () => answer(call.call_id));
      item.append(button);
    }
    list.append(item);
  }
}

function renderCallbacks() {
  const list = $("callbacks-list");
  list.replaceChildren();
  if (state.callbacks === null) {
    $("callbacks-summary").textContent = t("callbacks_unavailable");
    return;
  }
  const open = state.callbacks.filter((callback) => !callback.handled_at);
  $("callbacks-summary").textContent = open.length ? t("callbacks_count", { count: open.length }) : t("callbacks_empty");
  for (const callback of state.callbacks) {
    const item = document.createElement("li");
    if (callback.handled_at) {
      item.className = "handled";
    }
    const who = document.createElement("span");
    who.className = "site";
    who.textContent = `${callback.visitor_name} — ${callback.site_name || callback.site_id}`;
    const phone = document.createElement("a");
    phone.href = `tel:${String(callback.phone).replace(/[^0-9+]/g, "")}`;
    phone.textContent = callback.phone;
    item.append(who, phone);
    if (callback.reason) {
      const reason = document.createElement("span");
      reason.textContent = callback.reason;
      item.append(reason);
    }
    const meta = document.createElement("span");
    meta.className = "meta";
    meta.textContent = callback.handled_at
      ? t("callback_done", { time: clock(callback.handled_at) })
      : t("requested_at", { time: clock(callback.requested_at) });
    item.append(meta);
    if (!callback.handled_at) {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = t("callback_handled");
      button.addEventListener("click", () => markHandled(callback.id));
      item.append(button);
    }
    list.append(item);
  }
}

// ---------------------------------------------------------------- log-in and start

function showLogin() {
  state.staff = null;
  clearInterval(iceTimer);
  state.iceServers = [];
  state.socket?.close();
  state.socket = null;
  $("desk").hidden = true;
  $("who").hidden = true;
  $("logout").hidden = true;
  $("availability").hidden = true;
  $("sound").hidden = true;
  $("login").hidden = false;
  $("link-state").hidden = true;
  $("login-name").focus();
}

function start(staff) {
  state.staff = staff;
  $("login").hidden = true;
  $("desk").hidden = false;
  $("who").hidden = false;
  $("who").textContent = `${staff.display_name} (${t(`role_${staff.role}`)})`;
  $("logout").hidden = false;
  connect();
  loadCallbacks();
  loadIceServers();
  clearInterval(iceTimer);
  iceTimer = setInterval(loadIceServers, 30 * 60 * 1000);
  render();
  $("main").focus();
}

async function logIn(event) {
  event.preventDefault();
  const login = $("login-name").value.trim();
  const password = $("login-password").value;
  const problem = $("login-error");
  problem.hidden = true;
  if (!login || !password) {
    problem.textContent = t("login_missing");
    problem.hidden = false;
    return;
  }
  audioContext()?.resume(); // a click: the browser lets the ringer sound from now on
  const answer_ = await api("POST", "/v1/staff/session", { login, password }).catch(() => ({ status: 0 }));
  if (answer_.status === 200) {
    $("login-password").value = "";
    start(answer_.data);
  } else {
    problem.textContent = answer_.status === 401 ? t("login_refused") : t("login_failed", { detail: answer_.status || "réseau" });
    problem.hidden = false;
  }
}

async function logOut() {
  hangUp();
  await api("DELETE", "/v1/staff/session").catch(() => {});
  showLogin();
}

function wire() {
  $("login-form").addEventListener("submit", logIn);
  $("logout").addEventListener("click", logOut);
  $("availability").addEventListener("click", () => {
    state.available = !state.available;
    sessionStorage.setItem("tc-available", state.available ? "1" : "0");
    sendJson({ type: "agent.status", available: state.available });
    audioContext()?.resume().then(render);
    render();
  });
  $("sound").addEventListener("click", () => audioContext()?.resume().then(render));
  $("ring-answer").addEventListener("click", (event) => answer(event.currentTarget.dataset.call));
  $("hangup").addEventListener("click", () => hangUp());
  $("mute").addEventListener("click", () => {
    if (state.call) {
      state.call.muted = !state.call.muted;
      state.call.rtc.setMicrophoneMuted(state.call.muted);
      render();
    }
  });
  $("camera").addEventListener("click", () => {
    if (state.call) {
      state.call.cameraOff = !state.call.cameraOff;
      state.call.rtc.setCameraOff(state.call.cameraOff);
      render();
    }
  });
  $("ended-ok").addEventListener("click", () => {
    state.ended = null;
    render();
    $("main").focus();
  });
  $("language").addEventListener("click", () => {
    const next = currentLanguage() === "fr" ? "en" : "fr";
    localStorage.setItem("tc-language", next);
    applyLanguage(next);
  });
  window.addEventListener("beforeunload", () => hangUp());
}

function applyLanguage(code) {
  setLanguage(code);
  translatePage();
  const other = code === "fr" ? "en" : "fr";
  $("language").textContent = other === "en" ? "English" : "Français";
  $("language").lang = other;
  $("remote-video").setAttribute("aria-label", t("remote_video"));
  $("self-video").setAttribute("aria-label", t("self_video"));
  if (state.staff) {
    $("who").textContent = `${state.staff.display_name} (${t(`role_${state.staff.role}`)})`;
  }
  render();
}

// For the end-to-end tests and a curious agent: the call's figures from getStats().
window.telecentreConsole = {
  stats: () => (state.call ? state.call.rtc.stats() : Promise.resolve(null)),
  phase: () => (state.call ? state.call.phase : state.ended ? `ended:${state.ended}` : "idle"),
  online: () => state.online,
  // Wall-clock times (ms) of the current or last call: ringing began, answered, first frame shown.
  marks: () => ({ ...state.marks }),
};

async function main() {
  const saved = localStorage.getItem("tc-language");
  applyLanguage(saved ?? (navigator.language?.startsWith("fr") ? "fr" : navigator.language?.startsWith("en") ? "en" : "fr"));
  wire();
  const me = await api("GET", "/v1/staff/me").catch(() => ({ status: 0 }));
  if (me.status === 200) {
    start(me.data);
  } else {
    showLogin();
  }
}

main();
