// Visio-accueil benchmarks (issue 4), real programs on loopback in a network namespace of their
// own: the backend, the kiosk (Release, offscreen SDL: the UI draws every frame it shows), and
// Debian's Chromium as the agent (the staff console) and, for comparison, as a second "kiosk"
// written in page JavaScript (Chromium to Chromium through the same backend). Measures, per call:
//   - tap -> ringing: the visitor's "Appeler" to the console starting to ring;
//   - answer -> first remote frame, at the agent and at the kiosk;
// then glass-to-glass latency (the kiosk's test camera draws the wall clock into each frame,
// media/include/telecentre/media/frame_stamp.hpp; the console's page reads it back from each frame
// it presents), the kiosk's CPU during a 720p30 call, and the kiosk's RSS over consecutive calls.
//
// Run: bench/reception_bench (builds the Release programs, then runs this in a namespace).
// Options: --calls N (20), --rss-calls N (100), --cpu-seconds S (10), --glass-seconds S (10),
// --answer-delay-ms MS (1000: ring to the agent's click).
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { Backend, Kiosk, freePort, until } from "../tests/browser/lib/system.mjs";
import { launchChromium } from "../tests/browser/lib/browser.mjs";
import { AgentConsole } from "../tests/browser/lib/console.mjs";

const { values: options } = parseArgs({
  options: {
    calls: { type: "string", default: "20" },
    "rss-calls": { type: "string", default: "100" },
    "cpu-seconds": { type: "string", default: "10" },
    "glass-seconds": { type: "string", default: "10" },
    "answer-delay-ms": { type: "string", default: "1000" },
  },
});
const calls = Number(options.calls);
const rssCalls = Number(options["rss-calls"]);
const cpuSeconds = Number(options["cpu-seconds"]);
const glassSeconds = Number(options["glass-seconds"]);

const wallNow = () => performance.timeOrigin + performance.now();
// The kiosk's trace is CLOCK_MONOTONIC (ns), as is node's hrtime: one offset turns it into wall ms.
const monotonicToWall = (() => {
  const offset = wallNow() - Number(process.hrtime.bigint()) / 1e6;
  return (ns) => ns / 1e6 + offset;
})();
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
// The agent answers this long after the console starts ringing: a quick human (it takes longer
// to hear the ring, look and reach the button). Both kiosks get the same.
const answerDelayMs = Number(options["answer-delay-ms"]);

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) {
    return NaN;
  }
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function summary(name, values) {
  const fmt = (v) => v.toFixed(0);
  return `${name.padEnd(44)} p50 ${fmt(percentile(values, 50)).padStart(5)} ms   p95 ${fmt(percentile(values, 95)).padStart(5)} ms   (n=${values.length}, min ${fmt(Math.min(...values))}, max ${fmt(Math.max(...values))})`;
}

function processTimes(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime, in clock ticks (100 Hz)
  const rssKb = Number(readFileSync(`/proc/${pid}/status`, "utf8").match(/VmRSS:\s+(\d+)/)[1]);
  return { seconds: ticks / 100, rssKb };
}

// ------------------------------------------------------------------ the Chromium "kiosk"

// Page JavaScript doing what the kiosk does: the live channel with the device token, call.request,
// and, first in the queue, an offer with the fake camera and microphone, held until call.answered
// (as the kiosk does). Its first remote frame is
// taken with requestVideoFrameCallback, like the console's.
async function browserKiosk(context, backend, site) {
  const page = await context.newPage();
  await page.goto(`${backend.url}/healthz`);
  const token = readFileSync(join(backend.data, "devices", `${site}.token`), "utf8").trim();
  await page.evaluate(
    ({ token }) => {
      const wall = () => performance.timeOrigin + performance.now();
      const kiosk = { marks: {}, state: "idle", socket: null, pc: null, callId: null };
      window.kiosk = kiosk;
      const send = (message) => kiosk.socket.send(JSON.stringify(message));
      // Signalling is held until the agent accepts (the backend relays nothing before).
      const sendOrHold = (message) => (kiosk.state === "answered" ? send(message) : kiosk.held.push(message));
      kiosk.held = [];
      // As the kiosk does: first in the queue, the camera, the peer connection and the offer are
      // made while the agent's console rings.
      kiosk.prepare = () => {
        kiosk.preparing ??= (async () => {
          const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 1280, height: 720 } });
          const pc = new RTCPeerConnection();
          kiosk.pc = pc;
          kiosk.stream = stream;
          stream.getTracks().forEach((track) => pc.addTrack(track, stream));
          pc.onconnectionstatechange = () => {
            if (pc.connectionState === "connected") {
              kiosk.marks.connected ??= wall();
            }
          };
          pc.onicecandidate = (e) =>
            sendOrHold({
              type: "call.signal",
              call_id: kiosk.callId,
              signal: e.candidate && e.candidate.candidate
                ? { kind: "candidate", candidate: e.candidate.candidate, sdp_mline_index: e.candidate.sdpMLineIndex ?? 0 }
                : { kind: "end-of-candidates" },
            });
          pc.ontrack = (e) => {
            if (e.track.kind !== "video") {
              return;
            }
            const video = document.createElement("video");
            video.muted = true;
            video.autoplay = true;
            video.srcObject = new MediaStream([e.track]);
            document.body.append(video);
            video.requestVideoFrameCallback(() => {
              kiosk.marks.firstFrame ??= wall();
            });
            video.play().catch(() => {});
          };
          const offer = await pc.createOffer();
          await pc.setLocalDescription(offer);
          sendOrHold({ type: "call.signal", call_id: kiosk.callId, signal: { kind: "offer", sdp: offer.sdp } });
        })();
        return kiosk.preparing;
      };
      kiosk.connect = () =>
        new Promise((resolve) => {
          const socket = new WebSocket(`wss://${location.host}/v1/live?auth=message`);
          kiosk.socket = socket;
          socket.onopen = () => socket.send(JSON.stringify({ type: "auth", token }));
          socket.onmessage = async (event) => {
            const message = JSON.parse(event.data);
            if (message.type === "hello") {
              resolve();
            } else if (message.type === "call.queued") {
              kiosk.callId = message.call_id;
              if (message.position === 1) {
                kiosk.prepare();
              }
            } else if (message.type === "call.answered") {
              kiosk.state = "answered";
              await kiosk.prepare();
              for (const held of kiosk.held.splice(0)) {
                send(held);
              }
            } else if (message.type === "call.signal" && kiosk.pc) {
              const signal = message.signal;
              if (signal.kind === "answer") {
                await kiosk.pc.setRemoteDescription({ type: "answer", sdp: signal.sdp });
              } else if (signal.kind === "candidate") {
                await kiosk.pc.addIceCandidate({ candidate: signal.candidate, sdpMLineIndex: signal.sdp_mline_index });
              }
            } else if (message.type === "call.ended") {
              kiosk.state = "ended";
              kiosk.pc?.close();
              kiosk.stream?.getTracks().forEach((track) => track.stop());
              kiosk.pc = null;
              kiosk.preparing = null;
              kiosk.held = [];
              document.querySelectorAll("video").forEach((video) => video.remove());
            }
          };
        });
      kiosk.place = () => {
        kiosk.marks = { place: wall() };
        kiosk.state = "waiting";
        send({ type: "call.request", visitor_name: "", reason: "" });
      };
      kiosk.hangUp = () => send({ type: "call.hangup", call_id: kiosk.callId });
      kiosk.stats = async () => {
        let framesDecoded = 0;
        (await kiosk.pc.getStats()).forEach((entry) => {
          if (entry.type === "inbound-rtp" && entry.kind === "video") {
            framesDecoded += entry.framesDecoded ?? 0;
          }
        });
        return { framesDecoded };
      };
    },
    { token },
  );
  await page.evaluate(() => window.kiosk.connect());
  return page;
}

// ------------------------------------------------------------------ glass-to-glass in the console

// Reads the stamp of every frame the console's page decodes (same layout as frame_stamp.hpp), as
// each comes out of the decoder (MediaStreamTrackProcessor on the remote track), and keeps
// decoded-time minus stamp. Headless Chromium paints on its own schedule (requestVideoFrameCallback
// fires about once a second there), so the compositor's last step, at most one display refresh on
// a real screen (17 ms at 60 Hz), is not in these figures.
async function startGlassReader(page) {
  await page.evaluate(() => {
    const stream = document.getElementById("remote-video").srcObject;
    const track = stream.getVideoTracks()[0];
    const processor = new MediaStreamTrackProcessor({ track: track.clone() });
    const reader = processor.readable.getReader();
    const block = 16, columns = 24, rows = 2, origin = 16, valueBits = 41;
    const width = origin * 2 + columns * block, height = origin * 2 + rows * block;
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext("2d", { willReadFrequently: true });
    window.glass = { latencies: [], unread: 0, running: true };
    const read = () => {
      const pixels = context.getImageData(0, 0, width, height);
      let value = 0n;
      let check = 0n;
      for (let bit = 0; bit < columns * rows; bit++) {
        const left = origin + (bit % columns) * block + block / 4;
        const top = origin + Math.floor(bit / columns) * block + block / 4;
        let sum = 0;
        for (let y = top; y < top + block / 2; y++) {
          for (let x = left; x < left + block / 2; x++) {
            const i = (y * width + x) * 4;
            sum += 0.299 * pixels.data[i] + 0.587 * pixels.data[i + 1] + 0.114 * pixels.data[i + 2];
          }
        }
        const one = sum / ((block * block) / 4) >= 128 ? 1n : 0n;
        if (bit < valueBits) {
          value |= one << BigInt(bit);
        } else {
          check |= one << BigInt(bit - valueBits);
        }
      }
      return ((value % 127n) ^ 0x7fn) === check ? Number(value) : null;
    };
    (async () => {
      while (window.glass.running) {
        const { value: frame, done } = await reader.read();
        if (done) {
          break;
        }
        const decoded = performance.timeOrigin + performance.now();
        // The stamp's corner at the frame's own scale (the stream is 1280x720, no scaling).
        context.drawImage(frame, 0, 0, width, height, 0, 0, width, height);
        frame.close();
        const stamp = read();
        if (stamp === null) {
          window.glass.unread++;
        } else {
          window.glass.latencies.push(decoded - stamp);
        }
      }
      reader.cancel();
    })();
  });
}

// ------------------------------------------------------------------ the run

const folder = mkdtempSync(join(process.env.TELECENTRE_TEST_TMP ?? tmpdir(), "reception-bench-"));
const backend = await new Backend(folder, await freePort()).start();
const kiosk = await new Kiosk(folder, backend, "murat", { camera: "test-clock" }).start();
const browser = await launchChromium({ serverCertificate: backend.certificate, extraArgs: ["--use-fake-device-for-media-stream=fps=30"] });
const context = await browser.newContext({ locale: "fr-FR", viewport: { width: 1280, height: 800 } });
const agent = await AgentConsole.open(context, backend);
await agent.logIn();
await agent.setAvailable();
const chromiumKiosk = await browserKiosk(context, backend, "ydes");

const results = {
  kiosk: { tapToRing: [], answerToAgentFrame: [], answerToAgentSent: [], answerToKioskConnected: [], answerToKioskFrame: [] },
  chromium: { tapToRing: [], answerToAgentFrame: [], answerToAgentSent: [], answerToKioskConnected: [], answerToKioskFrame: [] },
};

async function endAndWait(n) {
  kiosk.send("call.hangup");
  await kiosk.waitFor("call-audio-samples-received", n);
  await agent.waitPhase("ended:visitor_hung_up");
}

// The agent's first decoded frame of the call about to be answered, and the first frame the agent's
// browser sent (polled from before the click, every 5 ms, through getStats).
function agentFirstFrames() {
  return agent.page.evaluate(async () => {
    const seen = { decoded: null, sent: null };
    for (;;) {
      const stats = await window.telecentreConsole.stats();
      const now = performance.timeOrigin + performance.now();
      if (stats && stats.framesDecoded > 0 && seen.decoded === null) {
        seen.decoded = now;
      }
      if (stats && stats.framesSent > 0 && seen.sent === null) {
        seen.sent = now;
      }
      if (seen.decoded !== null && seen.sent !== null) {
        return seen;
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  });
}

let kioskCalls = 0;
async function kioskCall({ measure = true, hold = null } = {}) {
  kiosk.send("call.open");
  await pause(300);
  const place = wallNow();
  kiosk.send("call.place");
  await agent.waitRinging();
  await pause(answerDelayMs);
  const agentFrames = agentFirstFrames();
  await agent.answer();
  kioskCalls++;
  await kiosk.waitFor("call-first-remote-frame", kioskCalls);
  const agentFramesAt = await agentFrames;
  const marks = await agent.page.evaluate(() => window.telecentreConsole.marks());
  if (measure) {
    results.kiosk.tapToRing.push(marks.ring - place);
    results.kiosk.answerToAgentFrame.push(agentFramesAt.decoded - marks.answer);
    results.kiosk.answerToAgentSent.push(agentFramesAt.sent - marks.answer);
    results.kiosk.answerToKioskConnected.push(monotonicToWall(kiosk.last("call-connected").at) - marks.answer);
    results.kiosk.answerToKioskFrame.push(monotonicToWall(kiosk.last("call-first-remote-frame").at) - marks.answer);
  }
  if (hold) {
    await hold();
  }
  await endAndWait(kioskCalls);
}

async function chromiumCall() {
  await chromiumKiosk.evaluate(() => window.kiosk.place());
  await agent.waitRinging();
  await pause(answerDelayMs);
  const agentFrames = agentFirstFrames();
  const kioskFrame = chromiumKiosk.evaluate(async () => {
    // Every 5 ms from before the answer until the first decoded frame (getStats).
    for (;;) {
      const stats = window.kiosk.pc ? await window.kiosk.stats() : null;
      if (stats && stats.framesDecoded > 0) {
        return performance.timeOrigin + performance.now();
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  });
  await agent.answer();
  const [agentFramesAt, kioskFrameAt] = await Promise.all([agentFrames, kioskFrame]);
  const kioskMarks = await chromiumKiosk.evaluate(() => window.kiosk.marks);
  const marks = await agent.page.evaluate(() => window.telecentreConsole.marks());
  results.chromium.tapToRing.push(marks.ring - kioskMarks.place);
  results.chromium.answerToAgentFrame.push(agentFramesAt.decoded - marks.answer);
  results.chromium.answerToAgentSent.push(agentFramesAt.sent - marks.answer);
  results.chromium.answerToKioskConnected.push(kioskMarks.connected - marks.answer);
  results.chromium.answerToKioskFrame.push(kioskFrameAt - marks.answer);
  await chromiumKiosk.evaluate(() => window.kiosk.hangUp());
  await agent.waitPhase("ended:visitor_hung_up");
  await until("the Chromium kiosk's call to end", () => chromiumKiosk.evaluate(() => window.kiosk.state === "ended"));
}

console.log(`reception bench: ${calls} calls each way, then CPU ${cpuSeconds} s, glass ${glassSeconds} s, RSS over ${rssCalls} calls`);
await kioskCall({ measure: false }); // warm-up: first use of the pipelines, caches
for (let i = 0; i < calls; i++) {
  await kioskCall();
  await chromiumCall();
  await pause(200);
}

// One long call: CPU of the kiosk over cpuSeconds while it sends and shows 720p30 (the UI draws the
// agent large and the visitor small), and glass-to-glass from the kiosk's camera to the agent's page.
let cpu = null;
let glass = null;
let agentStats = null;
await kioskCall({
  measure: false,
  hold: async () => {
    await pause(2000); // past the first key frames and the bitrate's ramp-up
    await startGlassReader(agent.page);
    const before = processTimes(kiosk.pid);
    const sentBefore = await agent.page.evaluate(() => window.telecentreConsole.stats());
    const started = wallNow();
    await pause(Math.max(cpuSeconds, glassSeconds) * 1000);
    const after = processTimes(kiosk.pid);
    cpu = { share: (after.seconds - before.seconds) / ((wallNow() - started) / 1000), rssKb: after.rssKb };
    agentStats = await agent.page.evaluate(() => window.telecentreConsole.stats());
    agentStats.videoKbps = ((agentStats.videoBytesSent - sentBefore.videoBytesSent) * 8) / (wallNow() - started);
    glass = await agent.page.evaluate(() => {
      window.glass.running = false;
      return window.glass;
    });
  },
});

// RSS over consecutive calls, read once each call's media is torn down.
const rss = [];
for (let i = 0; i < rssCalls; i++) {
  await kioskCall({ measure: false });
  await pause(300);
  rss.push(processTimes(kiosk.pid).rssKb);
}

console.log("\n== call set-up (answer -> first frame: 'agent' = shown in the console, 'kiosk' = at the kiosk or the Chromium kiosk)");
for (const [who, figures] of Object.entries(results)) {
  console.log(summary(`${who}: tap -> ringing at the agent`, figures.tapToRing));
  console.log(summary(`${who}: answer -> first frame at the agent`, figures.answerToAgentFrame));
  console.log(summary(`${who}: answer -> agent's first frame sent`, figures.answerToAgentSent));
  console.log(summary(`${who}: answer -> connected at the kiosk`, figures.answerToKioskConnected));
  console.log(summary(`${who}: answer -> first frame at the kiosk`, figures.answerToKioskFrame));
}
console.log("\n== glass-to-glass, kiosk camera -> agent's page (frames read / unreadable)");
console.log(summary("kiosk -> agent", glass.latencies) + `   unreadable ${glass.unread}`);
console.log("\n== kiosk during a 720p30 call, UI drawing");
console.log(`CPU ${(cpu.share * 100).toFixed(1)}% of one core over ${cpuSeconds} s; RSS in the call ${(cpu.rssKb / 1024).toFixed(1)} MB`);
const estimate = agentStats?.outgoingBitrateEstimate;
console.log(`agent's video to the kiosk: ${agentStats.videoKbps.toFixed(0)} kbit/s over the same ${cpuSeconds} s; its bandwidth estimate at the end: ${estimate == null ? "none" : `${(estimate / 1e6).toFixed(2)} Mbit/s`}`);
console.log("\n== kiosk RSS after consecutive calls (MB)");
const at = (n) => (rss[n - 1] / 1024).toFixed(1);
const marks = [1, 10, 20, 50, rssCalls].filter((n, i, all) => n <= rssCalls && all.indexOf(n) === i);
console.log(marks.map((n) => `after call ${n}: ${at(n)}`).join("   "));
console.log(`growth 1st -> ${rssCalls}th: ${((rss[rssCalls - 1] - rss[0]) / 1024).toFixed(1)} MB`);
console.log(`\nlogs: ${folder}`);

await kiosk.stop();
await browser.close();
await backend.stop();
