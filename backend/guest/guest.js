// The conference guest page, served at https://<backend>/join/<token>: it reads the join
// descriptor GET /v1/join/<token> (docs/conference.md), shows a camera preview and a name field,
// then joins the Janus VideoRoom: tiles of the other participants, self-view, mute, leave. When
// the link to Janus drops (Janus restarted, network), it says "Reconnexion…", fetches the
// descriptor again (the backend recreates rooms) and rejoins with backoff. Everything the page
// shows is drawn by render() from `state`; participants' names go through textContent only.
import { t, setLanguage, translatePage, clock, currentLanguage } from "./i18n.js";
import { RoomConnection } from "./room.js";

const $ = (id) => document.getElementById(id);
const token = decodeURIComponent(location.pathname.split("/").filter(Boolean).pop() ?? "");
const wallClock = () => performance.timeOrigin + performance.now();

const state = {
  phase: "loading", // loading | problem | lobby | joining | in-room | reconnecting | left
  problem: null, // {key, detail, retry}
  descriptor: null,
  local: null, // MediaStream of this guest's camera and microphone, or null
  devices: "pending", // pending | ok | none | denied
  name: sessionStorage.getItem("tc-guest-name") ?? "",
  muted: false,
  cameraOff: false,
  connection: null,
  remotes: new Map(), // feed id -> {id, display, stream, tile, video}
  attempt: 0,
  retryAt: 0,
  marks: {}, // wall-clock ms: join (the click), firstFrame (first remote picture shown after it)
};

// ---------------------------------------------------------------- the join descriptor

// Resolves with "ok", or a problem key: error_404, error_410, error_network, error_server.
async function loadDescriptor() {
  let response;
  try {
    response = await fetch(`/v1/join/${encodeURIComponent(token)}`, { cache: "no-store", credentials: "same-origin" });
  } catch {
    return { key: "error_network", retry: true };
  }
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (response.status === 404) {
    return { key: "error_404" };
  }
  if (response.status === 410) {
    return { key: "error_410" };
  }
  if (!response.ok || !body || typeof body.room !== "number" || !body.janus?.ws) {
    return { key: "error_server", detail: body?.error?.code ?? `HTTP ${response.status}`, retry: true };
  }
  if (!state.descriptor) {
    setLanguage(body.language === "en" ? "en" : "fr");
  }
  state.descriptor = body;
  return "ok";
}

// ---------------------------------------------------------------- camera and microphone

async function openDevices() {
  const video = { width: { ideal: 640 }, height: { ideal: 360 }, frameRate: { ideal: 24, max: 30 } };
  const attempts = [{ audio: true, video }, { audio: true }, { video }];
  for (const constraints of attempts) {
    try {
      state.local = await navigator.mediaDevices.getUserMedia(constraints);
      state.devices = "ok";
      return;
    } catch (problem) {
      if (problem?.name === "NotAllowedError" || problem?.name === "SecurityError") {
        state.devices = "denied";
        return;
      }
    }
  }
  state.devices = "none";
}

// ---------------------------------------------------------------- the room

function connectionEvents(connection) {
  return {
    onFeeds: () => connection === state.connection && syncRemotes(),
    onTrack: (feedId, track) => {
      if (connection !== state.connection) {
        return;
      }
      const remote = syncRemotes().get(feedId);
      if (remote) {
        for (const old of remote.stream.getTracks().filter((each) => each.kind === track.kind)) {
          remote.stream.removeTrack(old);
        }
        remote.stream.addTrack(track);
        remote.video.play().catch(() => {});
      }
    },
    onLost: (reason) => {
      if (connection === state.connection) {
        console.warn("conference link lost:", reason);
        reconnect();
      }
    },
  };
}

// Makes the remote tiles match the connection's feeds; returns the map of remotes.
function syncRemotes() {
  const feeds = state.connection?.feeds ?? new Map();
  for (const [id, remote] of state.remotes) {
    if (!feeds.has(id)) {
      remote.tile.remove();
      state.remotes.delete(id);
      announce(t("left_announce", { name: remote.display || t("unnamed") }));
    }
  }
  for (const [id, feed] of feeds) {
    if (!state.remotes.has(id)) {
      state.remotes.set(id, makeRemote(feed));
      if (state.phase === "in-room") {
        announce(t("joined_announce", { name: feed.display || t("unnamed") }));
      }
    }
  }
  render();
  return state.remotes;
}

function makeRemote(feed) {
  const tile = document.createElement("li");
  tile.className = "tile remote";
  tile.dataset.feed = String(feed.id);
  const video = document.createElement("video");
  video.autoplay = true;
  video.playsInline = true;
  const stream = new MediaStream();
  video.srcObject = stream;
  const name = document.createElement("span");
  name.className = "name";
  name.textContent = feed.display || t("unnamed");
  video.setAttribute("aria-label", name.textContent);
  tile.append(video, name);
  $("tiles").append(tile);
  const shown = () => {
    state.marks.firstFrame ??= wallClock();
    state.marks[`firstFrame_${feed.display}`] ??= wallClock();
  };
  if (video.requestVideoFrameCallback) {
    video.requestVideoFrameCallback(shown);
  } else {
    video.addEventListener("loadeddata", shown, { once: true });
  }
  return { id: feed.id, display: feed.display ?? "", stream, tile, video };
}

function clearRemotes() {
  for (const remote of state.remotes.values()) {
    remote.tile.remove();
  }
  state.remotes.clear();
}

async function join() {
  state.marks = { join: wallClock() };
  await devicesReady;
  state.attempt = 0;
  state.phase = "joining";
  render();
  await attempt();
}

// One try at joining; on a passing failure, the next one is planned with backoff.
async function attempt() {
  if (state.phase === "left" || state.phase === "problem") {
    return;
  }
  const loaded = await loadDescriptor();
  if (state.phase === "left" || state.phase === "problem") {
    return; // the guest left while the descriptor was on its way
  }
  if (loaded !== "ok") {
    if (loaded.retry) {
      return planRetry();
    }
    return showProblem(loaded);
  }
  clearRemotes();
  const connection = new RoomConnection(state.descriptor, state.name, state.local, null);
  connection.events = connectionEvents(connection);
  state.connection = connection;
  try {
    await connection.start();
  } catch (problem) {
    if (connection !== state.connection) {
      return; // left meanwhile
    }
    connection.close();
    state.connection = null;
    // 433: the PIN was refused; 432: the room is full. Anything else (Janus not up yet, the
    // room not yet recreated, the guest token not yet stored again) passes: try again.
    if (problem?.code === 433) {
      return showProblem({ key: "error_pin" });
    }
    if (problem?.code === 432) {
      return showProblem({ key: "error_full", retry: true });
    }
    console.warn("join failed:", problem?.code, problem?.reason ?? problem?.message);
    return planRetry();
  }
  if (connection !== state.connection) {
    return;
  }
  state.phase = "in-room";
  state.attempt = 0;
  applyMute();
  syncRemotes();
}

function reconnect() {
  state.connection?.close();
  state.connection = null;
  clearRemotes();
  planRetry();
}

let retryTimer = null;
let devicesReady = Promise.resolve();
let countdownTimer = null;

function planRetry() {
  state.phase = "reconnecting";
  const delay = Math.min(10000, 500 * 2 ** state.attempt) * (0.8 + 0.4 * Math.random());
  state.attempt += 1;
  state.retryAt = Date.now() + delay;
  clearTimeout(retryTimer);
  clearInterval(countdownTimer);
  retryTimer = setTimeout(() => {
    clearInterval(countdownTimer);
    attempt();
  }, delay);
  countdownTimer = setInterval(render, 1000);
  render();
}

function leave() {
  clearTimeout(retryTimer);
  clearInterval(countdownTimer);
  state.connection?.close();
  state.connection = null;
  clearRemotes();
  state.phase = "left";
  render();
  $("rejoin").focus();
}

function showProblem(problem) {
  clearTimeout(retryTimer);
  clearInterval(countdownTimer);
  state.connection?.close();
  state.connection = null;
  clearRemotes();
  state.problem = problem;
  state.phase = "problem";
  render();
  $("problem").focus?.();
}

function applyMute() {
  for (const track of state.local?.getAudioTracks() ?? []) {
    track.enabled = !state.muted;
  }
  for (const track of state.local?.getVideoTracks() ?? []) {
    track.enabled = !state.cameraOff;
  }
}

// ---------------------------------------------------------------- drawing

let announced = "";
function announce(text) {
  announced = text;
  $("announce").textContent = text;
}

function render() {
  const { phase, descriptor } = state;
  translatePage();
  $("language").textContent = t("language_other");
  $("language").lang = currentLanguage() === "fr" ? "en" : "fr";
  $("where").textContent = descriptor ? t("where", { resource: descriptor.resource ?? "", site: descriptor.site ?? "" }) : "";
  const endsAt = descriptor ? clock(descriptor.ends_at) : "";
  $("ends-at").hidden = !endsAt || phase === "problem";
  $("ends-at").textContent = endsAt ? t("ends_at", { time: endsAt }) : "";

  $("loading").hidden = phase !== "loading";
  $("problem").hidden = phase !== "problem";
  if (phase === "problem") {
    $("problem-text").textContent = t(state.problem.key, { detail: state.problem.detail ?? "" });
    $("problem-retry").hidden = !state.problem.retry && state.problem.key !== "error_pin";
  }
  $("lobby").hidden = phase !== "lobby";
  if (phase === "lobby") {
    const note = { none: "preview_none", denied: "preview_denied" }[state.devices];
    $("devices-note").hidden = !note;
    $("devices-note").textContent = note ? t(note) : "";
  }
  const inRoom = phase === "joining" || phase === "in-room" || phase === "reconnecting";
  $("room").hidden = !inRoom;
  $("left").hidden = phase !== "left";
  $("link-state").hidden = !inRoom;
  $("link-state").dataset.state = phase;
  if (inRoom) {
    const others = state.remotes.size;
    let line;
    if (phase === "joining") {
      line = t("joining");
    } else if (phase === "reconnecting") {
      line = t("reconnecting_detail", { seconds: Math.max(0, Math.ceil((state.retryAt - Date.now()) / 1000)) });
    } else {
      line = others === 0 ? t("participants_none") : t("participants_count", { count: others });
    }
    $("room-state").textContent = line;
    $("link-state").textContent = phase === "reconnecting" ? t("reconnecting") : phase === "joining" ? t("joining") : t("in_room");
    $("mute").textContent = t(state.muted ? "unmute" : "mute");
    $("mute").setAttribute("aria-pressed", String(state.muted));
    $("mute").disabled = !state.local?.getAudioTracks().length;
    $("camera").textContent = t(state.cameraOff ? "camera_on" : "camera_off");
    $("camera").setAttribute("aria-pressed", String(state.cameraOff));
    $("camera").disabled = !state.local?.getVideoTracks().length;
    const selfName = $("self-tile")?.querySelector(".name");
    if (selfName) {
      selfName.textContent = t("self_label", { name: state.name });
    }
  }
}

function ensureSelfTile() {
  if ($("self-tile") || !state.local?.getVideoTracks().length) {
    return;
  }
  const tile = document.createElement("li");
  tile.id = "self-tile";
  tile.className = "tile self";
  const video = document.createElement("video");
  video.autoplay = true;
  video.playsInline = true;
  video.muted = true;
  video.srcObject = state.local;
  const name = document.createElement("span");
  name.className = "name";
  tile.append(video, name);
  $("tiles").prepend(tile);
}

// ---------------------------------------------------------------- for tests

async function stats() {
  const result = { framesSent: 0, audioPacketsSent: 0, participants: {} };
  const connection = state.connection;
  if (!connection) {
    return result;
  }
  if (connection.publisherPc) {
    const report = await connection.publisherPc.getStats();
    report.forEach((entry) => {
      if (entry.type === "outbound-rtp" && entry.kind === "video") {
        result.framesSent += entry.framesSent ?? 0;
      } else if (entry.type === "outbound-rtp" && entry.kind === "audio") {
        result.audioPacketsSent += entry.packetsSent ?? 0;
      }
    });
  }
  for (const { feed, kind, receiver } of connection.receivers()) {
    const display = connection.feeds.get(feed)?.display ?? String(feed);
    const counters = (result.participants[display] ??= {
      feed,
      framesReceived: 0,
      framesDecoded: 0,
      keyFramesDecoded: 0,
      pliSent: 0,
      audioPacketsReceived: 0,
      audioSamplesReceived: 0,
    });
    const report = await receiver.getStats();
    report.forEach((entry) => {
      if (entry.type !== "inbound-rtp") {
        return;
      }
      if (kind === "video") {
        counters.framesReceived += entry.framesReceived ?? 0;
        counters.framesDecoded += entry.framesDecoded ?? 0;
        counters.keyFramesDecoded += entry.keyFramesDecoded ?? 0;
        counters.pliSent += entry.pliCount ?? 0;
      } else {
        counters.audioPacketsReceived += entry.packetsReceived ?? 0;
        counters.audioSamplesReceived += entry.totalSamplesReceived ?? 0;
      }
    });
  }
  return result;
}

window.telecentreGuest = {
  stats,
  participants: () => [...state.remotes.values()].map(({ id, display }) => ({ id, display })),
  state: () => ({
    phase: state.phase,
    problem: state.problem?.key ?? null,
    devices: state.devices,
    muted: state.muted,
    cameraOff: state.cameraOff,
    marks: { ...(state.connection?.marks ?? {}), ...state.marks },
    announced,
  }),
};

// ---------------------------------------------------------------- wiring

function wire() {
  $("join-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const name = $("name").value.trim();
    if (!name) {
      $("join-error").hidden = false;
      $("join-error").textContent = t("name_missing");
      $("name").focus();
      return;
    }
    $("join-error").hidden = true;
    state.name = name;
    sessionStorage.setItem("tc-guest-name", name);
    devicesReady.then(ensureSelfTile);
    join();
    $("leave").focus();
  });
  $("mute").addEventListener("click", () => {
    state.muted = !state.muted;
    applyMute();
    render();
  });
  $("camera").addEventListener("click", () => {
    state.cameraOff = !state.cameraOff;
    applyMute();
    render();
  });
  $("leave").addEventListener("click", leave);
  $("rejoin").addEventListener("click", () => {
    ensureSelfTile();
    join();
    $("leave").focus();
  });
  $("problem-retry").addEventListener("click", () => {
    state.problem = null;
    if (state.name && state.local !== undefined && state.descriptor) {
      join();
    } else {
      start();
    }
  });
  $("language").addEventListener("click", () => {
    setLanguage(currentLanguage() === "fr" ? "en" : "fr");
    for (const remote of state.remotes.values()) {
      remote.tile.querySelector(".name").textContent = remote.display || t("unnamed");
    }
    render();
  });
}

async function start() {
  state.phase = "loading";
  render();
  const loaded = await loadDescriptor();
  if (loaded !== "ok") {
    return showProblem(loaded);
  }
  state.phase = "lobby";
  $("name").value = state.name;
  render();
  $("name").focus();
  if (state.devices === "pending") {
    devicesReady = openDevices();
    await devicesReady;
    $("preview").srcObject = state.local;
    render();
  }
}

setLanguage((navigator.language ?? "fr").toLowerCase().startsWith("en") ? "en" : "fr");
wire();
start();
