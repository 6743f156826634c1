// Conference rooms end to end: the real backend (telecentre-backend --demo with its Janus options)
// makes the Janus VideoRoom room of a booking, hands out guest links and serves the guest page and
// its join descriptors; Janus (scripts/janus, the project's configuration) has its APIs on loopback
// and ICE on the namespace's veth. A room terminal (the murat device's token) starts the
// conference for Élodie's booking; three headless Chromium guests (fake camera and microphone)
// open the guest link, then a Firefox ESR guest joins them. Frames and sound are counted with
// getStats in each page. Run by tests/browser/run --veth (ctest: browser.conference).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launchChromium } from "./lib/browser.mjs";
import { launchFirefox } from "./lib/firefox.mjs";
import { Janus } from "./lib/janus.mjs";
import { Backend, freePort } from "./lib/system.mjs";

const folder = mkdtempSync(join(process.env.TELECENTRE_TEST_TMP ?? tmpdir(), "conference-"));
const room = "murat-salle-visio";
const booking = "test-conference-elodie";
const badges = { elodie: "04A1B2C3D4E5F6", julien: "04112233445566" }; // demo members of Murat
const upkeepSeconds = 2;
const measured = {};
let janus;
let backend;
let terminal; // the murat device's token: what the room's terminal holds
let conference; // POST /v1/conferences's answer
let roomGone; // resolves when Janus no longer has the room: {ms} after the booking's end moved, or {error}
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

// ISO 8601 UTC to the second, as the backend stores times.
const iso = (ms) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");

// Élodie's confirmed booking of the visio room, written straight into the database: the booking
// rules refuse bookings outside opening hours, and the test runs at any hour.
function bookRoom(startMs, endMs) {
  backend.sql(
    "INSERT INTO bookings (id, resource_id, member_id, start_at, end_at, status, created_at) VALUES " +
      `('${booking}', '${room}', 'm-elodie-vermenouze', '${iso(startMs)}', '${iso(endMs)}', 'confirmed', '${iso(Date.now())}')`,
  );
}

function startConference(badge) {
  return backend.api("POST", "/v1/conferences", { token: terminal, body: { resource_id: room, badge_uid: badge } });
}

// A guest link's token: the last segment of its address.
const tokenOf = (url) => new URL(url).pathname.split("/").pop();

async function openGuest(name, url = conference.guest_url) {
  const context = await browser.newContext({ locale: "fr-FR", viewport: { width: 1100, height: 760 } });
  const page = await context.newPage();
  const log = join(folder, `page-${name}.log`);
  page.on("console", (message) => appendFileSync(log, `${message.type()}: ${message.text()}\n`));
  page.on("pageerror", (error) => appendFileSync(log, `pageerror: ${error.message}\n`));
  const guest = { name, context, page };
  guest.state = () => page.evaluate(() => window.telecentreGuest.state());
  guest.stats = () => page.evaluate(() => window.telecentreGuest.stats());
  guest.participants = () => page.evaluate(() => window.telecentreGuest.participants().map((each) => each.display).sort());
  guest.goto = (address) => page.goto(address);
  await guest.goto(url);
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
  // The port is chosen first so that the guest links can name it (--public-url).
  const port = await freePort();
  backend = await new Backend(folder, port, {
    extraArgs: janus.backendArgs(port, upkeepSeconds),
  }).start();
  terminal = backend.deviceToken("murat");
  browser = await launchChromium({
    serverCertificate: backend.certificate,
    loopback: false,
    extraArgs: ["--use-fake-device-for-media-stream=fps=20"],
  });
});

after(async () => {
  for (const guest of Object.values(guests)) {
    await guest.context.close().catch(() => {});
  }
  await browser?.close();
  await backend?.stop();
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

  test("a room terminal starts the conference with the badge of the booking's member; another member's badge is refused", async () => {
    const now = Date.now();
    bookRoom(now - 5 * 60000, now + 2 * 3600000);
    const refused = await startConference(badges.julien);
    assert.equal(refused.status, 403, JSON.stringify(refused.body));
    assert.equal(refused.body.error.code, "not_your_booking");
    const asked = performance.now();
    const started = await startConference(badges.elodie);
    measured.startConferenceMs = Math.round(performance.now() - asked);
    assert.equal(started.status, 201, JSON.stringify(started.body));
    conference = started.body;
    assert.equal(conference.booking_id, booking);
    assert.equal(conference.janus_ws, janus.wsUrl);
    assert.match(conference.pin, /^\d{6}$/);
    assert.ok(Number.isSafeInteger(conference.room), "a room number JavaScript reads exactly");
    assert.equal(new URL(conference.guest_url).origin, backend.url, "the guest link names the backend (--public-url)");
    assert.ok(await janus.roomExists(conference.room), "the backend made the room in Janus");
    // The descriptor the page reads: the same room, PIN and Janus token.
    const descriptor = await backend.api("GET", `/v1/join/${tokenOf(conference.guest_url)}`);
    assert.equal(descriptor.status, 200);
    assert.equal(descriptor.body.room, conference.room);
    assert.equal(descriptor.body.pin, conference.pin);
    assert.equal(descriptor.body.janus.ws, janus.wsUrl);
    assert.equal(descriptor.body.janus.token, conference.janus_token);
    // A second tap of the same badge: the conference already open, with a new guest link.
    const again = await startConference(badges.elodie);
    assert.equal(again.status, 201, JSON.stringify(again.body));
    assert.equal(again.body.id, conference.id);
    assert.notEqual(again.body.guest_url, conference.guest_url);
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
    const inJanus = (await janus.listParticipants(conference.room)).map((each) => each.display).sort();
    assert.deepEqual(inJanus, names, "the three are in the backend's room");
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
    // Nothing more from the test: the pages fetch their descriptor again, and the backend makes
    // the room and the guests' token again on that fetch (or at its next upkeep).
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
    // Firmin gets a link of his own, as the terminal's "another link" gives.
    const link = await backend.api("POST", `/v1/conferences/${conference.id}/guest-links`, { token: terminal });
    assert.equal(link.status, 200, JSON.stringify(link.body));
    assert.equal(link.body.id, conference.id);
    const firefox = await launchFirefox({ folder: join(folder, "firefox"), ca: backend.ca });
    try {
      const page = await firefox.newPage();
      const log = join(folder, "page-Firmin.log");
      page.on("console", (message) => appendFileSync(log, `${message.type()}: ${message.text()}\n`));
      await page.goto(link.body.guest_url);
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
    // A link whose PIN is no longer the room's: the backend's own descriptor, its PIN changed on
    // the way (fetched by the test, whose requests check the backend's CA, as Playwright's
    // route.fetch() would not).
    const context = await browser.newContext({ locale: "fr-FR" });
    await context.route("**/v1/join/*", async (route) => {
      const real = await backend.api("GET", new URL(route.request().url()).pathname);
      const descriptor = real.body;
      const stale = real.status === 200 ? { ...descriptor, pin: descriptor.pin === "000000" ? "000001" : "000000" } : descriptor;
      await route.fulfill({ status: real.status, json: stale });
    });
    const page = await context.newPage();
    const guest = {
      name: "Denis",
      state: () => page.evaluate(() => window.telecentreGuest.state()),
    };
    try {
      await page.goto(conference.guest_url);
      await page.getByLabel("Votre nom").fill("Denis");
      await page.getByRole("button", { name: "Rejoindre" }).click();
      await until("the refusal", async () => (await guest.state()).problem === "error_pin");
      assert.match(await page.locator("#problem-text").textContent(), /La salle a refusé l’accès|La salle a refusé l'accès/);
      assert.ok(!(await guests.Aline.participants()).includes("Denis"));
    } finally {
      await context.close();
    }
  });

  test("a forged or altered link (404) says so, in French and in English", async () => {
    const token = tokenOf(conference.guest_url);
    // One character changed: the form of a real token, but never issued.
    const altered = token.slice(0, -1) + (token.endsWith("A") ? "B" : "A");
    for (const forged of [altered, "forged-0123"]) {
      const answer = await backend.api("GET", `/v1/join/${forged}`);
      assert.equal(answer.status, 404, `${forged}: ${JSON.stringify(answer.body)}`);
    }
    const guest = await openGuest("Eve", `${backend.url}/join/${altered}`);
    try {
      await guest.page.locator("#problem-text").filter({ hasText: "n'est pas valable" }).waitFor();
      assert.equal((await guest.state()).problem, "error_404");
      await guest.goto(`${backend.url}/join/forged-0123`);
      await guest.page.locator("#problem-text").filter({ hasText: "n'est pas valable" }).waitFor();
      await guest.page.getByRole("button", { name: "English" }).click();
      await guest.page.locator("#problem-text").filter({ hasText: "This invitation link is not valid" }).waitFor();
      assert.ok(await guest.page.locator("#lobby").isHidden(), "no way into the room");
    } finally {
      await guest.context.close();
    }
  });

  test("the booking ended more than 10 minutes ago: its links answer 410 and the page says the conference is over", async () => {
    const now = Date.now();
    backend.sql(`UPDATE bookings SET start_at = '${iso(now - 2 * 3600000)}', end_at = '${iso(now - 11 * 60000)}' WHERE id = '${booking}'`);
    // Watched from now on (the next test checks it): the backend's upkeep runs every 2 s here.
    roomGone = until("Janus without the room", async () => !(await janus.roomExists(conference.room)), 8 * upkeepSeconds * 1000).then(
      () => ({ ms: Date.now() - now }),
      (error) => ({ error }),
    );
    const answer = await backend.api("GET", `/v1/join/${tokenOf(conference.guest_url)}`);
    assert.equal(answer.status, 410, JSON.stringify(answer.body));
    const guest = await openGuest("Eve", conference.guest_url);
    try {
      await guest.page.locator("#problem-text").filter({ hasText: "terminée ou le lien a expiré" }).waitFor();
      assert.equal((await guest.state()).problem, "error_410");
      await guest.page.getByRole("button", { name: "English" }).click();
      await guest.page.locator("#problem-text").filter({ hasText: "This video conference is over" }).waitFor();
      assert.ok(await guest.page.locator("#lobby").isHidden(), "no way into the room");
    } finally {
      await guest.context.close();
    }
  });

  test("the room is gone from Janus after the booking ends, and the guests still in it are told", async () => {
    assert.ok(roomGone, "the booking's end was moved (previous test)");
    const gone = await roomGone;
    assert.ifError(gone.error);
    measured.bookingEndToRoomGoneMs = gone.ms;
    await until("the backend's log of it", async () => /conference rooms: 1 ended/.test(backend.log()), 5000);
    for (const guest of [guests.Aline, guests.Bruno]) {
      await until(`${guest.name} told the conference is over`, async () => (await guest.state()).problem === "error_410", 20000);
    }
    const answer = await backend.api("POST", `/v1/conferences/${conference.id}/guest-links`, { token: terminal });
    assert.equal(answer.status, 410, "no new link for a conference that ended");
  });
});
