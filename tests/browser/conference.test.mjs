// Conference rooms, guests' side: Janus (scripts/janus, the project's configuration) with its APIs
// on loopback and ICE on the namespace's veth, the guest page (backend/guest/) served with join
// descriptors by tests/browser/lib/guest_stub.mjs (to be replaced by the real backend), and three
// headless Chromium guests (fake camera and microphone) in one VideoRoom, then a Firefox ESR guest
// with them. Frames and sound are counted with getStats in each page. Run by tests/browser/run --veth (ctest: browser.conference).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { appendFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launchChromium } from "./lib/browser.mjs";
import { launchFirefox } from "./lib/firefox.mjs";
import { GuestStub } from "./lib/guest_stub.mjs";
import { Janus } from "./lib/janus.mjs";

const folder = mkdtempSync(join(process.env.TELECENTRE_TEST_TMP ?? tmpdir(), "conference-"));
const room = 4321;
const pin = "482916";
const roomSecret = randomBytes(12).toString("hex");
const janusToken = randomBytes(12).toString("hex");
const measured = {};
let janus;
let stub;
let browser;
const guests = {};

// Polls `probe` every 250 ms (pages are asked through CDP: slower than a file) until it returns a
// truthy value, or fails after `ms` saying `what` and the last value seen.
async function until(what, probe, ms = 30000) {
  const deadline = Date.now() + ms;
  let last;
  for (;;) {
    last = await probe();
    if (last && (typeof last !== "object" || last.ok !== false)) {
      return last;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${ms} ms waiting for ${what}; last: ${JSON.stringify(last)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

// The room as the backend creates it, and the guests' Janus token as it stores it.
async function prepareRoom() {
  await janus.createRoom({ room, pin, secret: roomSecret, publishers: 10 });
  await janus.addToken(janusToken);
}

async function openGuest(name, token = "guest-link") {
  const context = await browser.newContext({ locale: "fr-FR", viewport: { width: 1100, height: 760 } });
  const page = await context.newPage();
  const log = join(folder, `page-${name}.log`);
  page.on("console", (message) => appendFileSync(log, `${message.type()}: ${message.text()}\n`));
  page.on("pageerror", (error) => appendFileSync(log, `pageerror: ${error.message}\n`));
  await page.goto(stub.joinUrl(token));
  const guest = { name, context, page };
  guest.state = () => page.evaluate(() => window.telecentreGuest.state());
  guest.stats = () => page.evaluate(() => window.telecentreGuest.stats());
  guest.participants = () => page.evaluate(() => window.telecentreGuest.participants().map((each) => each.display).sort());
  return guest;
}

async function joinRoom(guest, { keyboard = false } = {}) {
  await guest.page.getByLabel("Votre nom").waitFor();
  if (keyboard) {
    // The name field has the focus when the lobby shows; Enter submits.
    await guest.page.keyboard.type(guest.name);
    await guest.page.keyboard.press("Enter");
  } else {
    await guest.page.getByLabel("Votre nom").fill(guest.name);
    await guest.page.getByRole("button", { name: "Rejoindre" }).click();
  }
  await until(`${guest.name} in the room`, async () => (await guest.state()).phase === "in-room");
}

// Waits until `guest` decodes new video frames from each of `others` and receives their sound, and
// sends its own camera: counters taken twice, so media flowing now is what is checked.
async function waitMedia(guest, others, ms = 30000) {
  const pick = (stats) =>
    Object.fromEntries(
      others.map((other) => [other, stats.participants[other] ?? { framesDecoded: 0, audioPacketsReceived: 0 }]),
    );
  const first = await guest.stats();
  const start = pick(first);
  return until(
    `${guest.name} decoding ${others.join(", ")}`,
    async () => {
      const stats = await guest.stats();
      const now = pick(stats);
      const ok =
        stats.framesSent > first.framesSent + 10 &&
        others.every(
          (other) =>
            now[other].framesDecoded >= start[other].framesDecoded + 10 &&
            now[other].audioPacketsReceived >= start[other].audioPacketsReceived + 20,
        );
      return { ok, framesSent: stats.framesSent, participants: now };
    },
    ms,
  );
}

const names = ["Aline", "Bruno", "Chantal"];
const othersOf = (name) => names.filter((other) => other !== name);

before(async () => {
  janus = new Janus(folder);
  await janus.start();
  measured.janusStartMs = Math.round(janus.startMs);
  await prepareRoom();
  stub = await new GuestStub(folder, janus).start();
  stub.issue("guest-link", { room, pin, janusToken });
  browser = await launchChromium({
    serverCertificate: stub.certificate,
    loopback: false,
    extraArgs: ["--use-fake-device-for-media-stream=fps=20"],
  });
});

after(async () => {
  for (const guest of Object.values(guests)) {
    await guest.context.close().catch(() => {});
  }
  await browser?.close();
  await stub?.stop();
  await janus?.stop();
  console.log(`measured: ${JSON.stringify(measured)}`);
  console.log(`logs and screenshots: ${folder}`);
});

describe("conference guests in a Janus VideoRoom", () => {
  test("Janus runs with the project's configuration: only VideoRoom, HTTP and WebSocket, secrets required", async () => {
    const info = await janus.info();
    assert.deepEqual(Object.keys(info.plugins), ["janus.plugin.videoroom"]);
    assert.deepEqual(Object.keys(info.transports).sort(), ["janus.transport.http", "janus.transport.websockets"]);
    assert.equal(info["api_secret"], true);
    assert.equal(info["auth_token"], true);
    const refused = await fetch(janus.httpUrl, { method: "POST", body: JSON.stringify({ janus: "create", transaction: "x" }) });
    assert.equal((await refused.json()).error?.code, 403, "a request without the secret or a token is refused");
    assert.ok(measured.janusStartMs < 3000, `Janus answered in ${measured.janusStartMs} ms`);
  });

  test("three guests join; each decodes the others' video and receives their sound", async () => {
    for (const name of names) {
      guests[name] = await openGuest(name);
    }
    await joinRoom(guests.Aline);
    await joinRoom(guests.Bruno, { keyboard: true });
    await joinRoom(guests.Chantal);
    await Promise.all(names.map((name) => until(`${name} sees the others`, async () => {
      const seen = await guests[name].participants();
      return JSON.stringify(seen) === JSON.stringify(othersOf(name)) || { ok: false, seen };
    })));
    for (const name of names) {
      await waitMedia(guests[name], othersOf(name));
    }
    // Guest "Join" -> first remote frame, for the two who found someone already in the room.
    for (const name of ["Bruno", "Chantal"]) {
      const { marks } = await guests[name].state();
      assert.ok(marks.firstFrame > marks.join, `${name}: a first frame after the click`);
      measured[`joinToFirstFrameMs_${name}`] = Math.round(marks.firstFrame - marks.join);
      measured[`joinSteps_${name}`] = Object.fromEntries(
        Object.entries(marks).map(([step, at]) => [step, Math.round(at - marks.join)]).sort((a, b) => a[1] - b[1]),
      );
    }
    assert.match(await guests.Aline.page.locator("#ends-at").textContent(), /^Fin prévue à \d\d:\d\d$/);
    const tiles = guests.Aline.page.locator("#tiles .tile.remote");
    assert.equal(await tiles.count(), 2);
    assert.deepEqual((await tiles.locator(".name").allTextContents()).sort(), ["Bruno", "Chantal"]);
    await guests.Aline.page.screenshot({ path: join(folder, "guest-two-remote-tiles.png") });
  });

  test("a guest leaves and rejoins: the others' tiles follow", async () => {
    const { Aline, Bruno, Chantal } = guests;
    await Chantal.page.getByRole("button", { name: "Quitter" }).click();
    await until("Chantal's page says she left", async () => (await Chantal.state()).phase === "left");
    for (const guest of [Aline, Bruno]) {
      await until(`${guest.name} without Chantal`, async () => !(await guest.participants()).includes("Chantal"));
      assert.equal(await guest.page.locator("#tiles .tile.remote").count(), 1);
    }
    await Chantal.page.getByRole("button", { name: "Rejoindre à nouveau" }).click();
    await until("Chantal back in the room", async () => (await Chantal.state()).phase === "in-room");
    for (const guest of [Aline, Bruno]) {
      await until(`${guest.name} sees Chantal again`, async () => (await guest.participants()).includes("Chantal"));
      await waitMedia(guest, othersOf(guest.name));
    }
    await waitMedia(Chantal, othersOf("Chantal"));
  });

  test("the microphone and camera buttons mute what this guest sends", async () => {
    const { Aline } = guests;
    await Aline.page.getByRole("button", { name: "Couper le micro" }).click();
    await Aline.page.getByRole("button", { name: "Couper la caméra" }).click();
    const state = await Aline.state();
    assert.equal(state.muted, true);
    assert.equal(state.cameraOff, true);
    assert.equal(await Aline.page.getByRole("button", { name: "Rétablir le micro" }).getAttribute("aria-pressed"), "true");
    await Aline.page.getByRole("button", { name: "Rétablir le micro" }).click();
    await Aline.page.getByRole("button", { name: "Rétablir la caméra" }).click();
    assert.equal((await Aline.state()).muted, false);
  });

  test("Janus killed mid-conference and restarted: every guest reconnects by itself", async () => {
    await janus.kill();
    await Promise.all(names.map((name) => until(`${name} reconnecting`, async () => (await guests[name].state()).phase === "reconnecting")));
    assert.match(await guests.Aline.page.locator("#link-state").textContent(), /Reconnexion…/);
    const restarted = Date.now();
    await janus.start();
    await prepareRoom(); // the backend recreates the room and the guests' token
    await Promise.all(names.map((name) => until(`${name} back in the room`, async () => (await guests[name].state()).phase === "in-room", 60000)));
    for (const name of names) {
      await until(`${name} sees the others again`, async () => JSON.stringify(await guests[name].participants()) === JSON.stringify(othersOf(name)));
      await waitMedia(guests[name], othersOf(name));
    }
    measured.restartToAllDecodingMs = Date.now() - restarted;
  });

  test("a Firefox guest joins: it and the Chromium guests see and hear each other", async () => {
    const { Aline, Bruno, Chantal } = guests;
    // Three in the room at a time on this machine's two cores: Chantal makes room.
    await Chantal.page.getByRole("button", { name: "Quitter" }).click();
    await until("Chantal gone", async () => !(await Aline.participants()).includes("Chantal"));
    const firefox = await launchFirefox({ folder: join(folder, "firefox"), ca: stub.ca });
    try {
      const page = await firefox.newPage();
      const log = join(folder, "page-Firmin.log");
      page.on("console", (message) => appendFileSync(log, `${message.type()}: ${message.text()}\n`));
      await page.goto(stub.joinUrl("guest-link"));
      const Firmin = {
        name: "Firmin",
        state: () => page.evaluate(() => window.telecentreGuest.state()),
        stats: () => page.evaluate(() => window.telecentreGuest.stats()),
        participants: () => page.evaluate(() => window.telecentreGuest.participants().map((each) => each.display).sort()),
      };
      await page.waitForSelector("#name", { visible: true });
      await until("Firefox's camera preview", async () => (await Firmin.state()).devices === "ok");
      await page.type("#name", "Firmin");
      await page.keyboard.press("Enter");
      await until("Firmin in the room", async () => (await Firmin.state()).phase === "in-room");
      await until("Firmin sees Aline and Bruno", async () => JSON.stringify(await Firmin.participants()) === '["Aline","Bruno"]');
      await waitMedia(Firmin, ["Aline", "Bruno"]);
      await waitMedia(Aline, ["Bruno", "Firmin"]);
      await waitMedia(Bruno, ["Aline", "Firmin"]);
      const { marks } = await Firmin.state();
      measured.joinToFirstFrameMs_FirefoxFirmin = Math.round(marks.firstFrame - marks.join);
      await page.screenshot({ path: join(folder, "guest-firefox.png") });
    } finally {
      await firefox.close();
    }
    await until("Firmin gone", async () => !(await Aline.participants()).includes("Firmin"));
  });

  test("a wrong PIN is refused with a clear message", async () => {
    stub.issue("stale-link", { room, pin: "000000", janusToken });
    const guest = await openGuest("Denis", "stale-link");
    try {
      await guest.page.getByLabel("Votre nom").fill("Denis");
      await guest.page.getByRole("button", { name: "Rejoindre" }).click();
      await until("the refusal", async () => (await guest.state()).problem === "error_pin");
      assert.match(await guest.page.locator("#problem-text").textContent(), /La salle a refusé l’accès|La salle a refusé l'accès/);
      assert.ok(!(await guests.Aline.participants()).includes("Denis"));
    } finally {
      await guest.context.close();
    }
  });

  test("an expired link (410) and an unknown link (404) say so, in French and in English", async () => {
    stub.expire("old-link");
    const guest = await openGuest("Eve", "old-link");
    try {
      await guest.page.locator("#problem-text").filter({ hasText: "terminée ou le lien a expiré" }).waitFor();
      assert.equal((await guest.state()).problem, "error_410");
      await guest.page.goto(stub.joinUrl("forged-0123"));
      await guest.page.locator("#problem-text").filter({ hasText: "n'est pas valable" }).waitFor();
      await guest.page.getByRole("button", { name: "English" }).click();
      await guest.page.locator("#problem-text").filter({ hasText: "This invitation link is not valid" }).waitFor();
      assert.ok(await guest.page.locator("#lobby").isHidden(), "no way into the room");
    } finally {
      await guest.context.close();
    }
  });
});
