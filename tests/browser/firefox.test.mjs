// Visio-accueil end to end in Firefox: the real kiosk program (test camera and tone) calls through
// the real backend; Debian's stock Firefox ESR (puppeteer-core over WebDriver BiDi, lib/firefox.mjs)
// logs into the staff console and answers, once with the mouse and once with the keyboard only.
// Frames and sound are counted on both sides (getStats in the browser, the kiosk's media counters
// in its trace). Run by tests/browser/run (ctest: browser.firefox), in a network namespace of its own.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Backend, Kiosk, freePort, until } from "./lib/system.mjs";
import { FirefoxConsole, launchFirefox } from "./lib/firefox.mjs";

const folder = mkdtempSync(join(process.env.TELECENTRE_TEST_TMP ?? tmpdir(), "firefox-e2e-"));
let backend;
let browser;
let murat;

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

function placeCall(kiosk) {
  kiosk.send("call.open");
  kiosk.send("call.place");
}

before(async () => {
  backend = await new Backend(folder, await freePort()).start();
  murat = await new Kiosk(folder, backend, "murat").start();
  browser = await launchFirefox({ folder: join(folder, "firefox"), ca: backend.ca });
});

after(async () => {
  await murat?.stop("SIGKILL");
  await browser?.close();
  await backend?.stop("SIGKILL");
  console.log(`logs, traces and screenshots: ${folder}`);
});

describe("visio-accueil, kiosk to Firefox", () => {
  test("TLS is checked: the backend's CA is trusted, a certificate from elsewhere is refused", async () => {
    const key = join(folder, "stranger.key");
    const certificate = join(folder, "stranger.pem");
    execFileSync("openssl", [
      "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1",
      "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", certificate,
    ], { stdio: "pipe" });
    const stranger = createServer({ key: readFileSync(key), cert: readFileSync(certificate) }, (request, response) =>
      response.end("should not be shown"),
    );
    await new Promise((resolve) => stranger.listen(0, "127.0.0.1", resolve));
    const page = await browser.newPage();
    try {
      await assert.rejects(page.goto(`https://127.0.0.1:${stranger.address().port}/`), /NS_ERROR_MODULE_SECURITY.*(SELF_SIGNED_CERT|UNKNOWN_ISSUER)/);
      const response = await page.goto(`${backend.url}/`);
      assert.equal(response.status(), 200);
    } finally {
      await page.close();
      stranger.close();
    }
  });

  test("with the mouse: log in, be available, answer, picture and sound both ways, hang up", async () => {
    const agent = await FirefoxConsole.open(browser.defaultBrowserContext(), backend);
    await agent.logIn();
    await agent.page.click("#availability");
    await agent.waitAvailable(true);
    placeCall(murat);
    await agent.waitRinging("Murat");
    await agent.page.click("#ring-answer");
    await agent.waitPhase("connected");
    const stats = await agent.waitMedia(20);
    assert.ok(stats.framesSent > 0, "Firefox sends its camera");
    await murat.waitFor("call-first-remote-frame");
    await agent.page.screenshot({ path: join(folder, "firefox-console-in-call.png") });
    await agent.page.click("#hangup");
    await agent.waitPhase("ended:agent_hung_up");
    const counters = await kioskCallCounters(murat, 1);
    assert.ok(counters.decoded > 0, `the kiosk decoded Firefox's video (${JSON.stringify(counters)})`);
    assert.ok(counters.audio > 0, `the kiosk received Firefox's sound (${JSON.stringify(counters)})`);
    assert.deepEqual(agent.errors, []);
    await agent.page.close();
  });

  // A camera rule that finds nothing: the kiosk offers a receive-only video m-line, which Firefox
  // answers as Chromium does (reception.test.mjs): it sends its camera, hears the kiosk, and
  // decodes no picture; the kiosk sees and hears the agent and sends sound only.
  test("a kiosk without a camera: sound only one way, the agent still seen", async () => {
    const camera = "name:No Such Camera On This Machine";
    const mauriac = await new Kiosk(folder, backend, "mauriac", { camera }).start();
    const agent = await FirefoxConsole.open(browser.defaultBrowserContext(), backend); // logged in above
    await agent.visible("#desk");
    await agent.waitOnline();
    await agent.page.click("#availability");
    await agent.waitAvailable(true);
    await mauriac.waitFor("call-available");
    placeCall(mauriac);
    await agent.waitRinging("Mauriac");
    await agent.page.click("#ring-answer");
    await agent.waitPhase("connected");
    const heard = await until("Firefox hears the kiosk and sends its camera", async () => {
      const stats = await agent.stats();
      return stats && stats.audioSamplesReceived > 0 && stats.framesSent > 0 && stats;
    });
    await mauriac.waitFor("call-first-remote-frame");
    // A second of the agent's sound on its way before hanging up, so that the kiosk has heard some.
    const sent = await until("Firefox sends a second of sound", async () => {
      const stats = await agent.stats();
      return stats && stats.audioPacketsSent >= heard.audioPacketsSent + 50 && stats;
    });
    assert.equal(sent.framesDecoded, 0, "no picture from the kiosk");
    await agent.page.click("#hangup");
    await agent.waitPhase("ended:agent_hung_up");
    const counters = await kioskCallCounters(mauriac, 1);
    assert.equal(counters.sent, 0, `the kiosk sent no picture (${JSON.stringify(counters)})`);
    const seen = JSON.stringify(counters);
    assert.ok(counters.decoded > 0 && counters.audio > 0, `the kiosk saw and heard Firefox: ${seen}`);
    assert.deepEqual(agent.errors, []);
    await agent.page.close();
    assert.deepEqual(await mauriac.stop(), { code: 0, signal: null }, `kiosk mauriac exit; see ${mauriac.child.log}`);
  });

  test("with the keyboard only: log in, be available, answer twice, hang up", async () => {
    const context = await browser.createBrowserContext(); // no session cookie: the log-in form
    const agent = await FirefoxConsole.open(context, backend);
    const keys = agent.page.keyboard;
    await agent.visible("#login-name");
    assert.equal(await agent.focused(), "login-name", "the log-in form has the focus");
    await keys.type("accueil");
    await keys.press("Tab");
    await keys.type(backend.agentPassword());
    await keys.press("Enter");
    await agent.visible("#desk");
    await agent.waitOnline();

    // The availability button, from <main> where the page puts the focus after log-in.
    await agent.tabTo("availability", { backwards: true });
    await agent.waitAvailable(false);
    await keys.press(" ");
    await agent.waitAvailable(true);
    await keys.press("Enter");
    await agent.waitAvailable(false);
    await keys.press(" ");
    await agent.waitAvailable(true);

    // A call rings while the agent is on a control: the page leaves the focus there; the answer
    // button is a few Tab presses on.
    placeCall(murat);
    await agent.waitRinging("Murat");
    assert.equal(await agent.focused(), "availability", "ringing does not take the focus from a control");
    await agent.tabTo("ring-answer");
    await keys.press("Enter");
    await agent.waitPhase("connected");
    assert.equal(await agent.focused(), "hangup", "answering puts the focus on hang up");
    await agent.waitMedia(20);
    await murat.waitFor("call-first-remote-frame", 2);
    await keys.press("Enter");
    await agent.waitPhase("ended:agent_hung_up");
    assert.equal(await agent.focused(), "ended-ok");
    let counters = await kioskCallCounters(murat, 2);
    assert.ok(counters.decoded > 0 && counters.audio > 0, JSON.stringify(counters));
    await keys.press("Enter"); // "Terminé": back to <main>
    await agent.visible("#idle");

    // With no control focused, the page focuses the answer button as it starts ringing.
    placeCall(murat);
    await agent.waitRinging("Murat");
    assert.equal(await agent.focused(), "ring-answer", "ringing focuses the answer button");
    await keys.press("Enter");
    await agent.waitPhase("connected");
    await agent.waitMedia(20);
    await murat.waitFor("call-first-remote-frame", 3);
    await keys.press(" "); // Space on the focused hang-up button
    await agent.waitPhase("ended:agent_hung_up");
    counters = await kioskCallCounters(murat, 3);
    assert.ok(counters.decoded > 0 && counters.audio > 0, JSON.stringify(counters));
    assert.deepEqual(agent.errors, []);
    await context.close();
  });

  test("every program stops cleanly: no leak report, no crash", async () => {
    await browser.close();
    const exit = await murat.stop();
    assert.deepEqual(exit, { code: 0, signal: null }, `kiosk exit; see ${murat.child.log}`);
    await backend.stop();
    assert.deepEqual(await backend.child.exited, { code: 0, signal: null }, `backend exit; see ${backend.child.log}`);
  });
});
