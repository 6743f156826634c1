// The staff console as an agent uses it, in a Playwright page: log in, be available, answer the
// ringing call, hang up; and what the page knows of the call (getStats through
// window.telecentreConsole, the page's own figures).
import { until } from "./system.mjs";

export class AgentConsole {
  constructor(page, backend) {
    this.page = page;
    this.backend = backend;
    this.errors = [];
    page.on("pageerror", (error) => this.errors.push(error.message));
  }

  static async open(context, backend) {
    const page = await context.newPage();
    const agent = new AgentConsole(page, backend);
    await page.goto(`${backend.url}/`);
    return agent;
  }

  async logIn(login = "accueil", password = this.backend.agentPassword()) {
    await this.page.getByLabel(/Identifiant|Login/).fill(login);
    await this.page.getByLabel(/Mot de passe|Password/).fill(password);
    await this.page.keyboard.press("Enter");
    await this.page.locator("#desk").waitFor({ state: "visible" });
    await this.waitOnline();
  }

  async waitOnline(ms = 20000) {
    await until("the console's live channel", () => this.page.evaluate(() => window.telecentreConsole.online()), ms);
  }

  async setAvailable() {
    const button = this.page.locator("#availability");
    if ((await button.getAttribute("aria-pressed")) !== "true") {
      await button.click();
    }
    await until("available", async () => (await button.getAttribute("aria-pressed")) === "true");
  }

  async waitRinging(text, ms = 20000) {
    const ringing = this.page.locator("#ringing");
    await ringing.waitFor({ state: "visible", timeout: ms });
    if (text) {
      await until(`the ringing banner to name ${text}`, async () => (await ringing.textContent()).includes(text));
    }
  }

  async queueLength() {
    return this.page.locator("#queue-list li").count();
  }

  async answer() {
    await this.page.locator("#ring-answer").click();
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

  // Waits until the browser has decoded `frames` video frames and received audio.
  async waitMedia(frames = 30, ms = 20000) {
    return until(
      `${frames} frames decoded and audio received in the browser`,
      async () => {
        const stats = await this.stats();
        return stats && stats.framesDecoded >= frames && stats.audioSamplesReceived > 0 && stats;
      },
      ms,
    );
  }

  async hangUp() {
    await this.page.locator("#hangup").click();
  }

  // After a failed test: a call the test left on is hung up, so that the next test starts from an
  // idle console rather than failing in its turn. Quiet when there is nothing to do.
  async settle() {
    if (this.page.isClosed()) {
      return;
    }
    const inCall = async () => ["accepting", "connecting", "connected"].includes(await this.phase().catch(() => ""));
    if (await inCall()) {
      await this.hangUp().catch(() => {});
      await until("the console to leave the call", async () => !(await inCall()), 10000).catch(() => {});
    }
  }
}
