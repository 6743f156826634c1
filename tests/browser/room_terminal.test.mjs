// The room terminal in a conference, end to end: the real kiosk program in the room role (test
// camera and tone, offscreen) for Murat's visio room, the real backend with its Janus options, the
// real Janus (scripts/janus: APIs on loopback, ICE on the namespace's veth), and three headless
// Chromium guests (fake camera and microphone) on the guest link. The terminal starts the
// conference with the badge of the booking's member (a card on its emulated PN532 reader, read by
// the real libnfc driver), publishes its camera and receives every guest on one
// connection. Each guest decodes the terminal and the others (getStats); the terminal's own
// counters per participant come from its "conference report" log lines. Then the guests speak
// in turn and the terminal outlines the one speaking, a guest leaves and rejoins, the terminal
// leaves and starts again, Janus is killed and restarted, and the booking ends. Run by tests/browser/run --veth (ctest: browser.room_terminal).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launchChromium } from "./lib/browser.mjs";
import { Janus } from "./lib/janus.mjs";
import { Backend, Kiosk, freePort } from "./lib/system.mjs";

const folder = mkdtempSync(join(process.env.TELECENTRE_TEST_TMP ?? tmpdir(), "room-terminal-"));
const room = "murat-salle-visio";
const roomName = "Salle de visioconférence"; // the terminal's name in the room (the resource's)
const booking = "test-room-terminal-elodie";
const badges = { elodie: "04A1B2C3D4E5F6", julien: "04112233445566" }; // demo members of Murat
const upkeepSeconds = 2;
const measured = {};
const names = ["Aline", "Bruno", "Chantal"];
let janus;
let backend;
let kiosk;
let browser;
let guestLink;
const guests = {};

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

// A mono 48 kHz 16-bit WAV file of something like a voice: harmonics of a pitch that rises and
// falls, loudness varying at a syllable's pace. A steady tone would not do: Chromium's noise
// suppression takes it for noise and fades it out, and Janus then hears nobody talking.
function voiceWave(seconds) {
  const rate = 48000;
  const samples = rate * seconds;
  const wave = Buffer.alloc(44 + samples * 2);
  wave.write("RIFF", 0);
  wave.writeUInt32LE(36 + samples * 2, 4);
  wave.write("WAVEfmt ", 8);
  wave.writeUInt32LE(16, 16); // fmt chunk size
  wave.writeUInt16LE(1, 20); // PCM
  wave.writeUInt16LE(1, 22); // mono
  wave.writeUInt32LE(rate, 24);
  wave.writeUInt32LE(rate * 2, 28); // bytes per second
  wave.writeUInt16LE(2, 32); // bytes per frame
  wave.writeUInt16LE(16, 34); // bits per sample
  wave.write("data", 36);
  wave.writeUInt32LE(samples * 2, 40);
  let phase = 0;
  for (let i = 0; i < samples; i += 1) {
    const t = i / rate;
    phase += (2 * Math.PI * (150 + 40 * Math.sin(2 * Math.PI * 0.7 * t))) / rate;
    let voiced = 0;
    for (let k = 1; k <= 10; k += 1) {
      voiced += Math.sin(k * phase) / k;
    }
    const loudness = 0.55 + 0.4 * Math.sin(2 * Math.PI * 3.5 * t);
    wave.writeInt16LE(Math.round(0.35 * loudness * voiced * 32767 / 1.9), 44 + i * 2);
  }
  return wave;
}

const iso = (ms) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");

// The kiosk's report: its step, who it shows, and per participant what it decoded.
async function report() {
  const before_ = (readFileSync(kiosk.log, "utf8").match(/conference report: .*/g) ?? []).length;
  kiosk.send("conference.report");
  const line = await until("the kiosk's report", () => {
    const lines = readFileSync(kiosk.log, "utf8").match(/conference report: .*/g) ?? [];
    return lines.length > before_ && lines.at(-1);
  }, 10000);
  const [, step, participants, speaker, counters] = line.match(/step=(\S+) participants=(.*) speaker=(\d+) counters=(.*)$/);
  const feeds = {};
  for (const [, feed, video, audio] of counters.matchAll(/feed=(\d+) video_frames=(\d+) audio_samples=(\d+);/g)) {
    feeds[feed] = { video: Number(video), audio: Number(audio) };
  }
  const sent = Number(counters.match(/sent video_frames=(\d+)/)?.[1] ?? 0);
  return { step, participants: participants ? participants.split(",").sort() : [], speaker: Number(speaker), feeds, sent };
}

// The feed ids Janus gave the guests, by name (Janus's own list).
async function feedsByName() {
  const listed = await janus.listParticipants(conference().room);
  return Object.fromEntries(listed.map((each) => [each.display, String(each.id)]));
}

let started; // the conference, as the API gives it to the same badge
const conference = () => started;

// Waits until the terminal decodes new frames and sound from each of `who` (names), and sends.
async function terminalDecodes(who, ms = 30000) {
  const ids = await feedsByName();
  const first = await report();
  return until(`the terminal decoding ${who.join(", ")}`, async () => {
    const now = await report();
    const ok =
      now.step === "live" &&
      now.sent > first.sent + 10 &&
      who.every((name) => {
        const id = ids[name];
        const a = first.feeds[id] ?? { video: 0, audio: 0 };
        const b = now.feeds[id] ?? { video: 0, audio: 0 };
        return b.video >= a.video + 10 && b.audio >= a.audio + 4800;
      });
    return { ok, now };
  }, ms);
}

async function openGuest(name) {
  const context = await browser.newContext({ locale: "fr-FR", viewport: { width: 1100, height: 760 } });
  // The harness's microphone is a file every guest plays (below); Chromium's own echo
  // cancellation, noise suppression and gain control would take one guest's voice, heard from
  // another, for echo, and fade it: the file's sound goes out as it is.
  await context.addInitScript(() => {
    const devices = navigator.mediaDevices;
    const original = devices.getUserMedia.bind(devices);
    devices.getUserMedia = (constraints) => {
      if (!constraints?.audio) {
        return original(constraints);
      }
      const audio = typeof constraints.audio === "object" ? constraints.audio : {};
      return original({
        ...constraints,
        audio: { ...audio, echoCancellation: false, noiseSuppression: false, autoGainControl: false },
      });
    };
  });
  const page = await context.newPage();
  const log = join(folder, `page-${name}.log`);
  page.on("console", (message) => appendFileSync(log, `${message.type()}: ${message.text()}\n`));
  page.on("pageerror", (error) => appendFileSync(log, `pageerror: ${error.message}\n`));
  const guest = { name, context, page };
  guest.state = () => page.evaluate(() => window.telecentreGuest.state());
  guest.stats = () => page.evaluate(() => window.telecentreGuest.stats());
  guest.participants = () => page.evaluate(() => window.telecentreGuest.participants().map((each) => each.display).sort());
  await page.goto(guestLink);
  await page.getByLabel("Votre nom").fill(name);
  await page.getByRole("button", { name: "Rejoindre" }).click();
  await until(`${name} in the room`, async () => (await guest.state()).phase === "in-room");
  return guest;
}

async function guestDecodes(guest, others, ms = 30000) {
  const pick = (stats) =>
    Object.fromEntries(others.map((other) => [other, stats.participants[other] ?? { framesDecoded: 0, audioPacketsReceived: 0 }]));
  const first = await guest.stats();
  const start = pick(first);
  return until(`${guest.name} decoding ${others.join(", ")}`, async () => {
    const stats = await guest.stats();
    const now = pick(stats);
    const ok = others.every(
      (other) =>
        now[other].framesDecoded >= start[other].framesDecoded + 10 &&
        now[other].audioPacketsReceived >= start[other].audioPacketsReceived + 20,
    );
    return { ok, participants: now };
  }, ms);
}

// The kiosk's latest screenshot, kept under a name of the test's.
function keepScreen(name) {
  const screens = join(kiosk.folder, "screens");
  const shots = existsSync(screens) ? readdirSync(screens).sort() : [];
  if (shots.length) {
    copyFileSync(join(screens, shots.at(-1)), join(folder, `${name}.png`));
  }
}

before(async () => {
  janus = new Janus(folder);
  await janus.start();
  const port = await freePort();
  backend = await new Backend(folder, port, {
    extraArgs: janus.backendArgs(port, upkeepSeconds),
  }).start();
  const now = Date.now();
  // Élodie's booking of the visio room, written straight into the database (the booking rules
  // refuse bookings outside opening hours, and CI runs at any hour).
  backend.sql(
    "INSERT INTO bookings (id, resource_id, member_id, start_at, end_at, status, created_at) VALUES " +
      `('${booking}', '${room}', 'm-elodie-vermenouze', '${iso(now - 5 * 60000)}', '${iso(now + 2 * 3600000)}', 'confirmed', '${iso(now)}')`,
  );
  // The terminal's media gathers on Janus's own veth address (v0): Janus offers only that one, and
  // libnice's checks from v1's 10.99.0.2 to it get no answer in the namespace.
  kiosk = await new Kiosk(folder, backend, "murat", {
    room,
    iceAddresses: [process.env.TELECENTRE_TEST_ADDRESS ?? "10.99.0.1"],
    screenshots: true,
    reader: true,
  }).start();
  kiosk.log = join(kiosk.folder, "kiosk.log");
  // The guests speak without pause (not Chromium's short beeps), so that Janus's audio level
  // detection calls whoever has their microphone open a speaker.
  const voice = join(folder, "voice.wav");
  writeFileSync(voice, voiceWave(4));
  browser = await launchChromium({
    serverCertificate: backend.certificate,
    loopback: false,
    extraArgs: ["--use-fake-device-for-media-stream=fps=20", `--use-file-for-fake-audio-capture=${voice}`],
  });
});

after(async () => {
  for (const guest of Object.values(guests)) {
    await guest.context.close().catch(() => {});
  }
  await browser?.close();
  await kiosk?.stop();
  await backend?.stop();
  await janus?.stop();
  console.log(`measured: ${JSON.stringify(measured)}`);
  console.log(`logs and screenshots: ${folder}`);
});

describe("the room terminal in a conference", () => {
  test("another member's badge is refused; the booking member's badge starts the conference and the terminal is in the room", async () => {
    kiosk.send("conference.open");
    await kiosk.tap(badges.julien);
    await until("the refusal", async () => (await report()).step === "refused");
    kiosk.send("conference.cancel");
    await until("the door panel", async () => (await report()).step === "badge"); // reset model: home
    const starts = kiosk.count("conference-start");
    kiosk.send("conference.open");
    await kiosk.tap(badges.elodie);
    await kiosk.waitFor("conference-start", starts + 1);
    await kiosk.waitFor("conference-joined");
    assert.equal((await report()).step, "live");
    // The same badge at the API gives the same conference: what the guests' links lead to.
    const again = await backend.api("POST", "/v1/conferences", {
      token: backend.deviceToken("murat"),
      body: { resource_id: room, badge_uid: badges.elodie },
    });
    assert.equal(again.status, 201, JSON.stringify(again.body));
    started = again.body;
    guestLink = started.guest_url;
    const inJanus = (await janus.listParticipants(started.room)).map((each) => each.display);
    assert.deepEqual(inJanus, [roomName], "the terminal is in the backend's room, named after the room");
  });

  test("three guests join: each decodes the terminal and the others, and the terminal decodes each of them", async () => {
    for (const name of names) {
      guests[name] = await openGuest(name);
    }
    await until("the terminal lists the three", async () => {
      const now = await report();
      return JSON.stringify(now.participants) === JSON.stringify(names) || { ok: false, seen: now.participants };
    });
    for (const name of names) {
      await guestDecodes(guests[name], [roomName, ...names.filter((other) => other !== name)]);
    }
    await terminalDecodes(names);
    await new Promise((resolve) => setTimeout(resolve, 500)); // the next screenshot shows the pictures
    kiosk.send("conference.invite");
    kiosk.send("conference.invite");
    await until("a screenshot", async () => readdirSync(join(kiosk.folder, "screens")).length > 0);
    keepScreen("terminal-three-guests");
  });

  test("the active speaker: the guest who speaks is the one the terminal outlines, and the floor passes", async () => {
    const microphone = (guest, open) =>
      guest.page.getByRole("button", { name: open ? "Rétablir le micro" : "Couper le micro" }).click();
    const speakerIs = async (name) => {
      const ids = await feedsByName();
      await until(`${name} as the speaker`, async () => {
        const now = await report();
        return now.speaker === Number(ids[name]) || { ok: false, speaker: now.speaker, ids };
      });
    };
    await microphone(guests.Bruno, false);
    await microphone(guests.Chantal, false);
    await speakerIs("Aline");
    await microphone(guests.Aline, false);
    await microphone(guests.Bruno, true);
    await speakerIs("Bruno");
    const shots = readdirSync(join(kiosk.folder, "screens")).length;
    kiosk.send("conference.invite"); // opens and closes the invitation: the screen is drawn anew
    kiosk.send("conference.invite");
    await until("a screenshot", async () => readdirSync(join(kiosk.folder, "screens")).length > shots);
    keepScreen("terminal-speaker-bruno");
    await microphone(guests.Aline, true);
    await microphone(guests.Chantal, true);
  });

  test("a guest leaves and rejoins, twice: the terminal's tiles follow and it decodes her again", async () => {
    const { Chantal } = guests;
    // Janus gives the rejoining guest the m-lines she left (same mids, new SSRCs): the terminal
    // must route them by SSRC (webrtcbin 1.22 alone does not), each time.
    for (let round = 0; round < 2; round += 1) {
      await Chantal.page.getByRole("button", { name: "Quitter" }).click();
      await until("the terminal without Chantal", async () => !(await report()).participants.includes("Chantal"));
      await Chantal.page.getByRole("button", { name: "Rejoindre à nouveau" }).click();
      await until("Chantal back", async () => (await Chantal.state()).phase === "in-room");
      await until("the terminal with Chantal again", async () => (await report()).participants.includes("Chantal"));
      await terminalDecodes(["Chantal", "Aline", "Bruno"]);
      await guestDecodes(Chantal, [roomName, "Aline", "Bruno"]);
    }
  });

  test("the terminal leaves and starts again: back in the room with every guest's picture", async () => {
    kiosk.send("conference.leave");
    await until("the guests without the terminal", async () => !(await guests.Aline.participants()).includes(roomName));
    const pictures = kiosk.count("conference-first-picture");
    const starts = kiosk.count("conference-start");
    kiosk.send("conference.open");
    await kiosk.tap(badges.elodie);
    const start = await kiosk.waitFor("conference-start", starts + 1);
    const picture = await kiosk.waitFor("conference-first-picture", pictures + 1);
    measured.badgeToFirstRemotePictureMs = Math.round((picture.at - start.at) / 1e6);
    assert.ok(measured.badgeToFirstRemotePictureMs < 10000, `${measured.badgeToFirstRemotePictureMs} ms`);
    await terminalDecodes(names);
    for (const name of names) {
      await guestDecodes(guests[name], [roomName]);
    }
  });

  test("Janus killed mid-conference and restarted: the terminal reconnects by itself", async () => {
    await janus.kill();
    await until("the terminal reconnecting", async () => (await report()).step === "reconnecting");
    keepScreen("terminal-reconnecting");
    const restarted = Date.now();
    await janus.start();
    await until("the terminal back in", async () => (await report()).step === "live", 60000);
    await terminalDecodes(names, 60000);
    measured.janusRestartToTerminalDecodingMs = Date.now() - restarted;
    for (const name of names) {
      await guestDecodes(guests[name], [roomName], 60000);
    }
  });

  test("the booking ends: the room goes, and the terminal says the conference is over", async () => {
    const now = Date.now();
    backend.sql(`UPDATE bookings SET start_at = '${iso(now - 2 * 3600000)}', end_at = '${iso(now - 11 * 60000)}' WHERE id = '${booking}'`);
    await until("Janus without the room", async () => !(await janus.roomExists(started.room)), 8 * upkeepSeconds * 1000);
    await until("the terminal's end", async () => (await report()).step === "ended", 30000);
    keepScreen("terminal-ended");
  });
});
