// `npx tsx scripts/generate-app-icons.ts`: the PNG icons the web manifest and iOS need, rendered
// from public/icon.svg and public/icons/maskable.svg by headless Chromium (Debian's, as the e2e
// tests use; CHROMIUM overrides the path). The PNGs are committed; run this after editing the SVGs.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const publicDir = path.join(root, "public");
const chromium = process.env.CHROMIUM ?? "/usr/bin/chromium";

// [svg, output, size]: "any" icons keep the rounded square; maskable ones are full-bleed.
const ICONS: [string, string, number][] = [
  ["icon.svg", "icons/icon-192.png", 192],
  ["icon.svg", "icons/icon-512.png", 512],
  ["icons/maskable.svg", "icons/maskable-512.png", 512],
  ["icons/maskable.svg", "apple-touch-icon.png", 180],
];

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "rcc-icons-"));
try {
  for (const [svg, out, size] of ICONS) {
    const page = path.join(tmp, `${size}-${path.basename(out)}.html`);
    const src = `file://${path.join(publicDir, svg)}`;
    fs.writeFileSync(
      page,
      `<html><body style="margin:0;background:transparent"><img src="${src}" style="width:${size}px;height:${size}px;display:block"></body></html>`,
    );
    execFileSync(
      chromium,
      [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--hide-scrollbars",
        "--default-background-color=00000000",
        `--window-size=${size},${size}`,
        `--screenshot=${path.join(publicDir, out)}`,
        `file://${page}`,
      ],
      { stdio: "ignore", timeout: 60_000 },
    );
    console.log(`${out} (${size}×${size}) from ${svg}`);
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
