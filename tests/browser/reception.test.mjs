// Visio-accueil end to end: the real kiosk program (test camera and tone, or no camera) calls
// through the real backend; a real headless Chromium logs into the staff console and answers.
// Frames and sound are counted on both sides (getStats in the browser, the kiosk's media counters
// in its trace). Run by tests/browser/run (ctest: browser.reception), inside a network namespace of
// its own.
import { after, afterEach, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Backend, Kiosk, freePort, until } from "./lib/system.mjs";
import { launchChromium } from "./lib/browser.mjs";
import { AgentConsole } from "./lib/console.mjs";

const folder = mkdtempSync(join(process.env.TELECENTRE_TEST_TMP ?? tmpdir(), "reception-e2e-"));
let backend;
let browser;
let context;
let agent;
const kiosks = [];

async function newKiosk(site, options = {}) {
  const kiosk = await new Kiosk(folder, backend, site, options).start();
  kiosks.push(kiosk);
  return kiosk;
}

// The kiosk's counters written when its call's media stops (n-th call of that kiosk).
async function kioskCallCounters(kiosk, n) {
  await kiosk.waitFor("call-audio-samples-received", n);
  const pick = (event) => kiosk.events().filter((entry) => entry.event === event)[n - 1].value;
  return {
    sent: pick("call-video-frames-sent"),
    decoded: pick("call-video-frames-decoded"),
    audio: pick("call-audio-samples-received"),
  };
}

async function placeCall(kiosk) {
  // The button is offered once the media engine has started (up to seconds on a loaded machine);
  // a call placed before would fail at once.
  await kiosk.waitFor("call-available");
  kiosk.send("call.open");
  kiosk.send("call.place");
}

before(async () => {
  backend = await new Backend(folder, await freePort()).start();
  browser = await launchChromium({ serverCertificate: backend.certificate });
  context = await browser.newContext({ locale: "fr-FR", viewport: { width: 1280, height: 800 } });
  agent = await AgentConsole.open(context, backend);
  await agent.logIn();
  await agent.setAvailable();
});

// A test that fails mid-call leaves the next one an idle console all the same.
afterEach(async () => {
  await agent?.settle();
});

after(async () => {
  await Promise.all(kiosks.map((kiosk) => kiosk.stop("SIGKILL")));
  await browser?.close();
  await backend?.stop("SIGKILL");
  console.log(`logs, traces and screenshots: ${folder}`);
});

describe("visio-accueil, kiosk to browser", () => {
  let murat;

  test("the visitor calls, the agent answers, picture and sound flow both ways, the visitor hangs up", async () => {
    murat = await newKiosk("murat", { screenshots: true }); // the visitor's screens, kept
    await placeCall(murat);
    await agent.waitRinging("Murat");
    await agent.answer();
    await agent.waitPhase("connected");
    const browserStats = await agent.waitMedia(30);
    assert.ok(browserStats.framesSent > 0, "the browser sends its camera");
    await murat.waitFor("call-first-remote-frame");
    await agent.page.screenshot({ path: join(folder, "console-in-call.png") });
    // The kiosk reports when each of the browser's packets arrived (transport-wide congestion
    // control): the browser's bandwidth estimate climbs from its start-up value (0.3 Mbit/s),
    // where without that feedback it stays below 0.5 Mbit/s (docs/benchmarks.md).
    const estimate = await until(
      "the browser's bandwidth estimate towards the kiosk to pass 1 Mbit/s",
      async () => {
        const stats = await agent.page.evaluate(() => window.telecentreConsole.stats());
        return stats.outgoingBitrateEstimate > 1e6 ? stats.outgoingBitrateEstimate : null;
      },
      30000,
    );
    assert.ok(estimate > 1e6);
    const before_ = murat.resources();
    murat.send("call.hangup");
    await agent.waitPhase("ended:visitor_hung_up");
    const counters = await kioskCallCounters(murat, 1);
    assert.ok(counters.decoded >= 10, `the kiosk decoded the agent's video (${counters.decoded} frames)`);
    assert.ok(counters.sent >= 10, `the kiosk sent its camera (${counters.sent} frames)`);
    assert.ok(counters.audio > 0, "the kiosk received the agent's sound");
    assert.ok(murat.resources().threads < before_.threads, "the call's media threads are gone");
    assert.deepEqual(agent.errors, []);
  });

  test("the agent hangs up; a second call leaves no thread or descriptor behind", async () => {
    const baseline = murat.resources();
    await placeCall(murat);
    await agent.waitRinging("Murat");
    await agent.answer();
    await agent.waitPhase("connected");
    await agent.waitMedia(30);
    await murat.waitFor("call-first-remote-frame", 2);
    await agent.hangUp();
    assert.equal(await agent.phase(), "ended:agent_hung_up");
    const counters = await kioskCallCounters(murat, 2);
    assert.ok(counters.decoded > 0 && counters.audio > 0, JSON.stringify(counters));
    // After the same path once more, the kiosk is back where it was after the first call.
    await until("the kiosk's resources back to the baseline", () => {
      const now = murat.resources();
      return now.threads <= baseline.threads && now.fds <= baseline.fds;
    });
  });

  test("two kiosks call at once: the second waits, then is served", async () => {
    const aurillac = await newKiosk("aurillac-a2ex");
    await placeCall(murat);
    await agent.waitRinging("Murat");
    await placeCall(aurillac);
    await until("both calls queued", async () => (await agent.queueLength()) === 2);
    await agent.answer(); // the oldest: Murat
    await agent.waitPhase("connected");
    assert.match(await agent.page.locator("#call-with").textContent(), /Murat/);
    assert.equal(await agent.queueLength(), 1, "Aurillac still waits");
    await agent.hangUp();
    await agent.waitRinging("Aurillac");
    await agent.answer();
    await agent.waitPhase("connected");
    await agent.waitMedia(20);
    await aurillac.waitFor("call-first-remote-frame");
    aurillac.send("call.hangup");
    await agent.waitPhase("ended:visitor_hung_up");
    await kioskCallCounters(aurillac, 1);
  });

  // A camera rule that finds nothing (the kiosk's device watcher runs, the camera is not there):
  // the kiosk offers a receive-only video m-line; Chromium answers it and sends its camera, the
  // kiosk sends sound only.
  test("a kiosk without a camera calls with sound only, and still sees the agent", async () => {
    const mauriac = await newKiosk("mauriac", { camera: "name:No Such Camera On This Machine" });
    await placeCall(mauriac);
    await agent.waitRinging("Mauriac");
    await agent.answer();
    await agent.waitPhase("connected");
    const heard = await until("the browser hears the kiosk and sends its camera", async () => {
      const stats = await agent.stats();
      return stats && stats.audioSamplesReceived > 0 && stats.framesSent > 0 && stats;
    });
    await mauriac.waitFor("call-first-remote-frame");
    // A second of the agent's sound on its way before hanging up, so that the kiosk has heard some.
    const sent = await until("the browser sends a second of sound", async () => {
      const stats = await agent.stats();
      return stats && stats.audioPacketsSent >= heard.audioPacketsSent + 50 && stats;
    });
    assert.equal(sent.framesDecoded, 0, "no picture from the kiosk");
    assert.match(
      await agent.page.locator("#call-state").textContent(),
      /Le visiteur n.a pas de caméra/,
      "the agent is told why there is no picture",
    );
    mauriac.send("call.hangup");
    await agent.waitPhase("ended:visitor_hung_up");
    const counters = await kioskCallCounters(mauriac, 1);
    assert.equal(counters.sent, 0, "the kiosk sent no picture");
    assert.ok(counters.decoded > 0, `the kiosk decoded the agent's video (${counters.decoded} frames)`);
    assert.ok(counters.audio > 0, "the kiosk received the agent's sound");
    assert.deepEqual(agent.errors, []);
  });

  test("the agent's browser closes mid-call: the kiosk ends the call and tears its media down", async () => {
    const calls = murat.count("call-audio-samples-received");
    await placeCall(murat);
    await agent.waitRinging("Murat");
    await agent.answer();
    await agent.waitPhase("connected");
    await agent.page.close();
    await murat.waitFor("call-audio-samples-received", calls + 1);
    agent = await AgentConsole.open(context, backend); // the cookie is still there: no log-in
    await agent.waitOnline();
    await agent.setAvailable();
  });

  test("the kiosk is killed mid-call: the console says so and is ready for the next call", async () => {
    const doomed = await newKiosk("ydes");
    await placeCall(doomed);
    await agent.waitRinging("Ydes");
    await agent.answer();
    await agent.waitPhase("connected");
    await doomed.stop("SIGKILL");
    await agent.waitPhase("ended:kiosk_lost");
  });

  test("the backend restarts mid-call: both sides end the call, reconnect, and the next call works", async () => {
    const calls = murat.count("call-audio-samples-received");
    await placeCall(murat);
    await agent.waitRinging("Murat");
    await agent.answer();
    await agent.waitPhase("connected");
    await backend.stop();
    await murat.waitFor("call-audio-samples-received", calls + 1);
    assert.equal(await agent.phase(), "ended:server_restart", "the backend said why as it stopped");
    await backend.start();
    await agent.waitOnline(40000);
    await murat.waitFor("call-available", 2, 40000); // the live channel is back, the button with it
    await placeCall(murat);
    await agent.waitRinging("Murat");
    await agent.answer();
    await agent.waitPhase("connected");
    await agent.waitMedia(20);
    murat.send("call.hangup");
    await agent.waitPhase("ended:visitor_hung_up");
  });

  test("every program stops cleanly: no leak report, no crash", async () => {
    await browser.close();
    for (const kiosk of kiosks.filter((each) => each.alive())) {
      const exit = await kiosk.stop();
      assert.deepEqual(exit, { code: 0, signal: null }, `kiosk ${kiosk.site} exit; see ${kiosk.child.log}`);
    }
    await backend.stop();
    assert.deepEqual(await backend.child.exited, { code: 0, signal: null }, `backend exit; see ${backend.child.log}`);
  });
});
