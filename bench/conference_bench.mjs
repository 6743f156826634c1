// Conference room benchmarks (issue 5), real programs in a network namespace of their own with a
// veth pair (tests/browser/in-netns --veth): Janus (scripts/janus), the backend, the room terminal
// (the Release kiosk in the room role, test camera, offscreen SDL: the UI draws every picture it
// shows) and four guests, each in a Chromium of its own (several guest pages in one Chromium stall
// their video for ~2 s when they join close together: docs/conference.md). Measures:
//   - the terminal: badge -> first remote picture on its screen, with the four guests in the room
//     (the member's badge on the emulated reader, then POST /v1/conferences, Janus, the publisher
//     and the subscription with four participants); the terminal leaves and starts again each run;
//   - a guest: "Rejoindre" -> first remote picture in the page, with the terminal and two other
//     guests in the room; the guest leaves (a fresh browser context) each run;
//   - the terminal's CPU with the four guests' 360p streams coming in and its own 720p going out,
//     the UI drawing them; Janus's CPU and RSS over the same seconds.
//
// Run: bench/conference_bench (builds the Release programs, then runs this in a namespace).
// Options: --runs N (20), --cpu-seconds S (20).
import { appendFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { launchChromium } from "../tests/browser/lib/browser.mjs";
import { Janus } from "../tests/browser/lib/janus.mjs";
import { Backend, Kiosk, freePort, until } from "../tests/browser/lib/system.mjs";

const { values: options } = parseArgs({
  options: {
    runs: { type: "string", default: "20" },
    "cpu-seconds": { type: "string", default: "20" },
  },
});
const runs = Number(options.runs);
const cpuSeconds = Number(options["cpu-seconds"]);
const folder = mkdtempSync(join(process.env.TELECENTRE_TEST_TMP ?? tmpdir(), "conference-bench-"));
const room = "murat-salle-visio";
const elodie = "04A1B2C3D4E5F6";
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const iso = (ms) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN;
}

function summary(name, values) {
  const fmt = (v) => v.toFixed(0);
  return `${name.padEnd(48)} p50 ${fmt(percentile(values, 50)).padStart(5)} ms   p95 ${fmt(percentile(values, 95)).padStart(5)} ms   (n=${values.length}, min ${fmt(Math.min(...values))}, max ${fmt(Math.max(...values))})`;
}

function processTimes(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime, clock ticks (100 Hz)
  const rssKb = Number(readFileSync(`/proc/${pid}/status`, "utf8").match(/VmRSS:\s+(\d+)/)[1]);
  return { seconds: ticks / 100, rssKb };
}

// The kiosk's "conference report" (kiosk_app.cpp): its step and what it decodes.
async function report(kiosk) {
  const log = join(kiosk.folder, "kiosk.log");
  const count = () => (readFileSync(log, "utf8").match(/conference report: .*/g) ?? []).length;
  const before = count();
  kiosk.send("conference.report");
  await until("the kiosk's report", () => count() > before, 10000);
  return (readFileSync(log, "utf8").match(/conference report: .*/g) ?? []).at(-1);
}

const janus = new Janus(folder);
await janus.start();
const port = await freePort();
const backend = await new Backend(folder, port, {
  extraArgs: janus.backendArgs(port, 5),
}).start();
const now = Date.now();
backend.sql(
  "INSERT INTO bookings (id, resource_id, member_id, start_at, end_at, status, created_at) VALUES " +
    `('bench-conference', '${room}', 'm-elodie-vermenouze', '${iso(now - 5 * 60000)}', '${iso(now + 4 * 3600000)}', 'confirmed', '${iso(now)}')`,
);
const kiosk = await new Kiosk(folder, backend, "murat", {
  room,
  iceAddresses: [process.env.TELECENTRE_TEST_ADDRESS ?? "10.99.0.1"],
  reader: true,
}).start();

// The terminal in the room: the badge, then "in the room" (trace: conference-joined).
async function terminalIn() {
  const starts = kiosk.count("conference-start");
  const pictures = kiosk.count("conference-first-picture");
  kiosk.send("conference.open");
  await kiosk.tap(elodie);
  const start = await kiosk.waitFor("conference-start", starts + 1);
  return { start, pictures };
}

await terminalIn();
await kiosk.waitFor("conference-joined");
const started = await backend.api("POST", "/v1/conferences", {
  token: backend.deviceToken("murat"),
  body: { resource_id: room, badge_uid: elodie },
});
if (started.status !== 201) {
  throw new Error(`no conference: ${JSON.stringify(started.body)}`);
}
const guestLink = started.body.guest_url;

// Each guest in a Chromium of its own.
const browsers = [];
for (let i = 0; i < 4; i += 1) {
  browsers.push(
    await launchChromium({
      serverCertificate: backend.certificate,
      loopback: false,
      extraArgs: ["--use-fake-device-for-media-stream=fps=24"],
    }),
  );
}

async function join_(browser, name) {
  const context = await browser.newContext({ locale: "fr-FR", viewport: { width: 960, height: 600 } });
  const page = await context.newPage();
  page.on("console", (message) => appendFileSync(join(folder, `page-${name}.log`), `${message.type()}: ${message.text()}\n`));
  await page.goto(guestLink);
  await page.getByLabel("Votre nom").fill(name);
  await page.getByRole("button", { name: "Rejoindre" }).click();
  const state = () => page.evaluate(() => window.telecentreGuest.state());
  await until(`${name} in the room`, async () => (await state()).phase === "in-room", 30000);
  return { context, page, state };
}

// Guest "Rejoindre" -> first remote picture, the terminal and two guests already in.
const guests = [await join_(browsers[0], "Aline"), await join_(browsers[1], "Bruno")];
await pause(3000);
const guestJoin = [];
for (let run = 0; run < runs; run += 1) {
  const guest = await join_(browsers[2], `Chantal${run}`);
  const marks = (await until("Chantal's first picture", async () => {
    const { marks: now_ } = await guest.state();
    return now_.firstFrame ? now_ : null;
  }, 30000));
  guestJoin.push(marks.firstFrame - marks.join);
  await guest.context.close();
  await pause(1500);
}

// The fourth and fifth guests (four in all) for the terminal's runs and the CPU figure.
guests.push(await join_(browsers[2], "Chantal"));
guests.push(await join_(browsers[3], "Denis"));
await until("the terminal showing four", async () => /participants=([^ ,]+,){3}[^ ,]+ /.test(await report(kiosk)), 30000);

// Badge -> first remote picture on the terminal, the four guests in.
const terminalStart = [];
for (let run = 0; run < runs; run += 1) {
  kiosk.send("conference.leave");
  await pause(1500);
  const { start, pictures } = await terminalIn();
  const picture = await kiosk.waitFor("conference-first-picture", pictures + 1, 30000);
  terminalStart.push((picture.at - start.at) / 1e6);
  await until("the terminal live", async () => /step=live/.test(await report(kiosk)), 30000);
  await pause(2000);
}

// CPU: four 360p guests in, the terminal's 720p out, the UI drawing.
await pause(3000);
const kioskBefore = processTimes(kiosk.pid);
const janusBefore = processTimes(janus.process.pid);
const cpuStarted = performance.now();
await pause(cpuSeconds * 1000);
const elapsed = (performance.now() - cpuStarted) / 1000;
const kioskAfter = processTimes(kiosk.pid);
const janusAfter = processTimes(janus.process.pid);
const counters = await report(kiosk);

console.log(`conference bench: ${runs} runs each, CPU over ${cpuSeconds} s (logs: ${folder})`);
console.log(summary("guest Rejoindre -> first remote picture", guestJoin));
console.log(summary("terminal badge -> first remote picture (4 in)", terminalStart));
console.log(
  `terminal CPU ${(((kioskAfter.seconds - kioskBefore.seconds) / elapsed) * 100).toFixed(1)}% of one core, RSS ${(kioskAfter.rssKb / 1024).toFixed(1)} MB (4 x 360p in, 720p out, UI drawing)`,
);
console.log(
  `Janus CPU ${(((janusAfter.seconds - janusBefore.seconds) / elapsed) * 100).toFixed(1)}% of one core, RSS ${(janusAfter.rssKb / 1024).toFixed(1)} MB (5 publishers, 5 subscriptions)`,
);
console.log(`terminal's last report: ${counters}`);

for (const guest of guests) {
  await guest.context.close().catch(() => {});
}
for (const browser of browsers) {
  await browser.close();
}
await kiosk.stop();
await backend.stop();
await janus.stop();
