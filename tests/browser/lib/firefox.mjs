// Debian's Firefox ESR (stock, no patched build) driven by puppeteer-core over WebDriver BiDi, set
// up like lib/browser.mjs's Chromium: headless, fake camera and microphone without a prompt, host
// candidates not hidden, loopback allowed for ICE, autoplay with sound. TLS stays verified: the
// test backend's CA (<data-dir>/tls/ca.pem) is imported into a fresh profile's own NSS database
// with certutil (libnss3-tools), as an administrator trusts a private CA, and puppeteer's
// acceptInsecureCerts stays false.
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import puppeteer from "puppeteer-core";
import { until } from "./system.mjs";

export const firefoxPath = process.env.TELECENTRE_FIREFOX ?? "/usr/bin/firefox-esr";

// Each name checked against Firefox 153 itself (its greprefs.js and the pref names in libxul).
export const firefoxPrefs = {
  // getUserMedia gets Firefox's built-in fake devices (a moving picture and a tone), no prompt.
  "media.navigator.streams.fake": true,
  "media.navigator.permission.disabled": true,
  // Fake devices count as capturing (as real ones do). Without it Firefox treats the page as
  // not capturing and gathers ICE candidates on the default route's address only, which a
  // namespace with only lo does not have: gathering fails at once ("ICE failed").
  "media.navigator.permission.fake": true,
  // The network namespace has only lo: let ICE gather loopback candidates ...
  "media.peerconnection.ice.loopback": true,
  // ... and show them as addresses, not .local names the kiosk's libnice cannot resolve.
  "media.peerconnection.ice.obfuscate_host_addresses": false,
  // The remote <video> plays with sound without a click (0 = allowed).
  "media.autoplay.default": 0,
  // A mock audio output: with no sound device (CI, this namespace) an AudioContext never starts
  // and the console's ringer would stay off (headless Chromium fakes its output on its own).
  "media.cubeb.force_mock_context": true,
  // The console picks French from navigator.language, as an agent's browser here would.
  "intl.accept_languages": "fr-FR, fr",
  // No captive-portal or connectivity probes (puppeteer's own defaults already turn updates,
  // telemetry and the like off; from inside the namespace nothing but lo is reachable anyway).
  "network.captive-portal-service.enabled": false,
  "network.connectivity-service.enabled": false,
};

// A fresh Firefox profile in `folder` whose NSS database trusts `caPem` for TLS servers ("C,,"),
// besides Mozilla's built-in roots.
export function makeProfile(folder, caPem) {
  mkdirSync(folder, { recursive: true });
  const db = `sql:${folder}`;
  execFileSync("certutil", ["-N", "-d", db, "--empty-password"], { stdio: "pipe" });
  execFileSync("certutil", ["-A", "-d", db, "-n", "telecentre test CA", "-t", "C,,", "-i", caPem], { stdio: "pipe" });
  return folder;
}

// Launches Firefox on a new profile in `folder` that trusts `ca`. HOME and the XDG folders point
// into `folder` too: Firefox writes caches and settings there, never in the user's own. It runs
// as root here (CI) in a namespace with only lo; no sandbox setting needs changing for that.
export async function launchFirefox({ folder, ca, prefs = {}, env = {} }) {
  const profile = makeProfile(join(folder, "profile"), ca);
  const home = join(folder, "home");
  for (const sub of ["cache", "config", "data", "runtime"]) {
    mkdirSync(join(home, sub), { recursive: true, mode: 0o700 });
  }
  return puppeteer.launch({
    browser: "firefox",
    executablePath: firefoxPath,
    headless: true,
    userDataDir: profile,
    acceptInsecureCerts: false,
    defaultViewport: { width: 1280, height: 800 },
    extraPrefsFirefox: { ...firefoxPrefs, ...prefs },
    env: {
      ...process.env,
      HOME: home,
      XDG_CACHE_HOME: join(home, "cache"),
      XDG_CONFIG_HOME: join(home, "config"),
      XDG_DATA_HOME: join(home, "data"),
      XDG_RUNTIME_DIR: join(home, "runtime"),
      MOZ_HEADLESS: "1",
      MOZ_CRASHREPORTER_DISABLE: "1",
      ...env,
    },
  });
}

// The staff console in a puppeteer page, as an agent uses it with the mouse or the keyboard
// (lib/console.mjs is the same for a Playwright page).
export class FirefoxConsole {
  constructor(page, backend) {
    this.page = page;
    this.backend = backend;
    this.errors = [];
    page.on("pageerror", (error) => this.errors.push(error.message));
  }

  static async open(context, backend) {
    const page = await context.newPage();
    const agent = new FirefoxConsole(page, backend);
    await page.goto(`${backend.url}/`);
    return agent;
  }

  // The id of the element that has the focus ("" for none or the body).
  focused() {
    return this.page.evaluate(() => (document.activeElement === document.body ? "" : (document.activeElement?.id ?? "")));
  }

  async attribute(selector, name) {
    return this.page.$eval(selector, (element, name_) => element.getAttribute(name_), name);
  }

  async visible(selector, ms = 20000) {
    await this.page.waitForSelector(selector, { visible: true, timeout: ms });
  }

  // Presses Tab (Shift+Tab if `backwards`) until #id has the focus; at most `most` presses.
  async tabTo(id, { backwards = false, most = 10 } = {}) {
    for (let i = 0; i < most && (await this.focused()) !== id; ++i) {
      if (backwards) {
        await this.page.keyboard.down("Shift");
        await this.page.keyboard.press("Tab");
        await this.page.keyboard.up("Shift");
      } else {
        await this.page.keyboard.press("Tab");
      }
    }
    const now = await this.focused();
    if (now !== id) {
      throw new Error(`Tab did not reach #${id} in ${most} presses (focus on "${now}")`);
    }
  }

  async logIn(login = "accueil", password = this.backend.agentPassword()) {
    await this.visible("#login-name");
    await this.page.type("#login-name", login);
    await this.page.type("#login-password", password);
    await this.page.keyboard.press("Enter");
    await this.visible("#desk");
    await this.waitOnline();
  }

  async waitOnline(ms = 20000) {
    await until("the console's live channel", () => this.page.evaluate(() => window.telecentreConsole.online()), ms);
  }

  async waitAvailable(expected = true) {
    await until(`availability ${expected}`, async () => (await this.attribute("#availability", "aria-pressed")) === String(expected));
  }

  async waitRinging(text, ms = 20000) {
    await this.visible("#ringing", ms);
    if (text) {
      await until(`the ringing banner to name ${text}`, async () =>
        (await this.page.$eval("#ringing", (element) => element.textContent)).includes(text),
      );
    }
  }

  phase() {
    return this.page.evaluate(() => window.telecentreConsole.phase());
  }

  async waitPhase(expected, ms = 20000) {
    return until(`console phase ${expected}`, async () => (await this.phase()) === expected, ms);
  }

  stats() {
    return this.page.evaluate(() => window.telecentreConsole.stats());
  }

  // Waits until the browser has decoded more than `frames` video frames and played out audio.
  async waitMedia(frames = 20, ms = 20000) {
    return until(
      `more than ${frames} frames decoded and audio received in Firefox`,
      async () => {
        const stats = await this.stats();
        return stats && stats.framesDecoded > frames && stats.audioSamplesReceived > 0 && stats;
      },
      ms,
    );
  }
}
