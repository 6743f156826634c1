// Debian's Chromium driven by playwright-core (no browser download), set up as DESIGN.md §5
// found to work here: headless, fake camera and microphone, host candidates not hidden behind
// mDNS names, loopback allowed for WebRTC, and the test backend's certificate trusted by its
// public key only (--ignore-certificate-errors-spki-list), so TLS is still checked.
import { createHash, X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { chromium } from "playwright-core";

export function spkiHash(certificatePemPath) {
  const certificate = new X509Certificate(readFileSync(certificatePemPath));
  const spki = certificate.publicKey.export({ type: "spki", format: "der" });
  return createHash("sha256").update(spki).digest("base64");
}

// loopback: let WebRTC use 127.0.0.1 (the reception tests: the kiosk's libnice is pinned there);
// the conference test turns it off, Janus never gathers on loopback (DESIGN.md §5).
export async function launchChromium({ serverCertificate, extraArgs = [], loopback = true }) {
  return chromium.launch({
    executablePath: process.env.TELECENTRE_CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--use-fake-device-for-media-stream",
      "--use-fake-ui-for-media-stream",
      "--autoplay-policy=no-user-gesture-required",
      ...(loopback ? ["--allow-loopback-in-peer-connection"] : []),
      "--disable-features=WebRtcHideLocalIpsWithMdns",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
      // Several pages at once (an agent and a browser kiosk): none is throttled as a background
      // tab, or its video frame callbacks would come once a second.
      "--disable-renderer-backgrounding",
      "--disable-background-timer-throttling",
      "--disable-backgrounding-occluded-windows",
      `--ignore-certificate-errors-spki-list=${spkiHash(serverCertificate)}`,
      ...extraArgs,
    ],
  });
}
