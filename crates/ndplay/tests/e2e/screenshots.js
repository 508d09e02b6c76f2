// Regenerates the README's screenshots of the seed's homework view: a 4-D (B, H, W, C)
// batch as arr[b, :, :, c], with the crosshair at (h, w) and that pixel's channels in the
// readout, at 1366x768 and on a 390x844 phone. Writes docs/playground-4d-*.png.
//   cargo build -p ndplay && (cd crates/ndplay/tests/e2e && npm ci && node screenshots.js)
// NDPLAY_BIN and CHROMIUM are read as the browser tests read them.
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');
const { ROOT, CHROMIUM, FLAGS, startServer } = require('./harness');

// b, h, w, c: an item, a pixel away from the edges, the green channel.
const SCENE = { 0: 3, 1: 14, 2: 9, 3: 1 };
const SHOTS = [
  { width: 1366, height: 768, file: 'playground-4d-1366x768.png' },
  { width: 390, height: 844, file: 'playground-4d-390x844.png' },
];

async function shoot(context, url, shot) {
  const page = await context.newPage();
  await page.setViewportSize({ width: shot.width, height: shot.height });
  await page.goto(url + '?rank=4');
  await page.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
  for (const [axis, value] of Object.entries(SCENE)) await page.locator('#slider-' + axis).fill(String(value));
  const expr = 'arr[' + SCENE[0] + ', ' + SCENE[1] + ', ' + SCENE[2] + ', :]';
  await page.waitForFunction((e) => document.getElementById('pixel').dataset.expr === e, expr);
  await page.waitForFunction((e) => document.getElementById('heatmap').dataset.expr === e,
    'arr[' + SCENE[0] + ', :, :, ' + SCENE[3] + ']');
  // On a wide screen the heatmap card is below the shape, strides and signals: bring it
  // to the top. On a phone it comes first, under the folded sidebar: the page's top.
  await page.evaluate(() => {
    const card = document.getElementById('heatmap-card');
    if (card.getBoundingClientRect().bottom > window.innerHeight) card.scrollIntoView({ block: 'start' });
  });
  await page.evaluate(() => document.activeElement && document.activeElement.blur());
  await page.waitForTimeout(300); // Plotly's resize after the scroll
  const out = path.join(ROOT, 'docs', shot.file);
  await page.screenshot({ path: out });
  await page.close();
  return out;
}

async function main() {
  const server = await startServer();
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'ndplay-shots-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS });
    for (const shot of SHOTS) console.log('wrote ' + path.relative(ROOT, await shoot(context, server.url, shot)));
  } finally {
    if (context) await context.close();
    server.child.kill('SIGTERM');
    await server.exited;
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
