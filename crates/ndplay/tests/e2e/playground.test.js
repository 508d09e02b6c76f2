// The playground in a real headless Chromium (Debian's `chromium`), driven by
// playwright-core: every rank, the 4-D sliders moving the heatmap, the crosshair and its
// readout, CSV and .npy uploads, Simulate Error and Reset (and late answers for the tensor
// it replaced), the phone layout, the Views, Broadcasting and Loop-vs-fast panels, two tabs
// kept apart, and no browser console error anywhere.
//
// Run by `bash scripts/test.sh`, which builds `ndplay` and sets NDPLAY_BIN; by hand:
//   cargo build -p ndplay && (cd crates/ndplay/tests/e2e && npm ci && node --test)
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');
const { CHROMIUM, FLAGS, startServer } = require('./harness');

let server;
let context;
let page;
let profileDir;
const consoleErrors = [];
// Requests the tests provoke on purpose to see an engine refusal (a 4xx) in the error
// panel: Chromium logs each such response as a console error, and only these may appear.
let expectedRefusals = 0;

function watch(p, label) {
  p.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(label + ': ' + msg.text());
  });
  p.on('pageerror', (err) => consoleErrors.push(label + ': uncaught ' + err.message));
}

before(async () => {
  assert.ok(fs.existsSync(CHROMIUM), 'chromium is missing at ' + CHROMIUM + ' (apt-get install -y chromium)');
  server = await startServer();
  profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ndplay-e2e-profile-'));
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1440, height: 900 },
  });
  page = await context.newPage();
  page.on('dialog', answerDialog);
  watch(page, 'tab 1');
  await page.goto(server.url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
});

after(async () => {
  if (context) await context.close();
  if (server && !server.exit) {
    server.child.kill('SIGKILL');
    await server.exited;
  }
  if (profileDir) fs.rmSync(profileDir, { recursive: true, force: true });
});

// Reset asks before it clears an upload or the console's variables: tab 1 accepts, and
// records what it was asked, unless a test says to dismiss.
const dialogs = [];
let dialogAnswer = 'accept';
function answerDialog(d) {
  dialogs.push(d.message());
  return dialogAnswer === 'accept' ? d.accept() : d.dismiss();
}

const shapeChip = (p = page) => p.locator('.chip.shape').textContent();

async function waitShape(text, p = page) {
  try {
    await p.waitForFunction((t) => {
      const c = document.querySelector('.chip.shape');
      return c && c.textContent === t;
    }, text);
  } catch (e) {
    // Say what the page showed instead: the shape it kept, and any error it raised.
    const seen = await p.evaluate(() => ({
      shape: document.querySelector('.chip.shape')?.textContent,
      sidebar: document.getElementById('shape').value,
      error: document.getElementById('error-panel').hidden ? null : document.getElementById('error-panel').textContent,
    }));
    throw new Error('waiting for shape ' + text + ': ' + e.message + '; the page shows ' + JSON.stringify(seen));
  }
}

async function heatmap(p = page) {
  return p.evaluate(() => {
    const div = document.getElementById('heatmap');
    const hist = document.getElementById('histogram');
    return {
      draws: Number(div.dataset.draws || 0),
      expr: div.dataset.expr,
      z: div.data[0].z,
      bars: hist.data && !document.getElementById('histogram-wrap').hidden ? hist.data.map((t) => t.y) : [],
    };
  });
}

async function waitExpr(expr) {
  await page.waitForFunction((e) => document.getElementById('heatmap').dataset.expr === e, expr);
}

test('a tab opens on the 2-D example with its badge, strides, signals and heatmap', async () => {
  assert.equal(await shapeChip(), '(32, 128)');
  assert.equal(await page.locator('#signals li').count(), 6);
  assert.equal(await page.locator('#strides-table tbody tr').count(), 2);
  assert.match(await page.locator('#strides-note').textContent(), /\(1024, 8\)/);
  const h = await heatmap();
  assert.equal(h.z.length, 32);
  assert.equal(h.z[0].length, 128);
});

test('every rank from 0-D to 4-D', async () => {
  const expected = ['()', '(128,)', '(32, 128)', '(32, 28, 28)', '(32, 28, 28, 3)'];
  for (let rank = 0; rank <= 4; rank++) {
    const before = (await heatmap()).draws;
    await page.getByRole('radio', { name: rank + '-D' }).check();
    await waitShape(expected[rank]);
    await page.waitForFunction((n) => Number(document.getElementById('heatmap').dataset.draws) > n, before);
    assert.equal(await page.locator('#badge .chip.axis').count(), rank === 0 ? 1 : rank);
    assert.equal(await page.locator('#strides-table tbody tr').count(), Math.max(rank, 1));
    const h = await heatmap();
    const rows = [1, 1, 32, 28, 28][rank];
    const cols = [1, 128, 128, 28, 28][rank];
    assert.equal(h.z.length, rows, 'rank ' + rank);
    assert.equal(h.z[0].length, cols, 'rank ' + rank);
  }
  // One slider per axis: b and c pick the slice, h and w place the crosshair.
  assert.equal(await page.locator('#sliders input[type=range]').count(), 4);
  assert.deepEqual(await page.locator('#sliders input[type=range]').evaluateAll((s) => s.map((i) => i.dataset.role)),
    ['slice', 'row', 'col', 'slice']);
  for (const [axis, name] of [[0, 'b = '], [1, 'h = '], [2, 'w = '], [3, 'c = ']]) {
    assert.ok((await page.locator('#slider-' + axis).getAttribute('aria-label')).startsWith(name), 'slider ' + axis);
  }
});

test('the 4-D sliders pick b and c and the heatmap and histograms follow', async () => {
  await waitExpr('arr[0, :, :, 0]');
  const first = await heatmap();
  assert.equal(first.bars.length, 3, 'one histogram per channel');
  await page.locator('#slider-0').fill('5');
  await waitExpr('arr[5, :, :, 0]');
  const b5 = await heatmap();
  assert.notDeepEqual(b5.z, first.z);
  assert.notDeepEqual(b5.bars, first.bars, 'the histograms are of batch item b');
  await page.locator('#slider-3').fill('2');
  await waitExpr('arr[5, :, :, 2]');
  const c2 = await heatmap();
  assert.notDeepEqual(c2.z, b5.z);
  assert.deepEqual(c2.bars, b5.bars, 'same item, same histograms');
  // Keyboard: the slider moves with the arrow keys.
  await page.locator('#slider-0').focus();
  await page.keyboard.press('ArrowRight');
  await waitExpr('arr[6, :, :, 2]');
  assert.equal(await page.locator('#slice-expr').textContent(), 'arr[6, :, :, 2]');
  // Other display axes: rows = batch, columns = channels.
  await page.locator('#rows-axis').selectOption('0');
  await page.locator('#cols-axis').selectOption('3');
  await waitExpr('arr[:, 0, 0, :]');
  const h = await heatmap();
  assert.equal(h.z.length, 32);
  assert.equal(h.z[0].length, 3);
});

test('uploading a CSV shows its tensor', async () => {
  await page.locator('#upload').setInputFiles({
    name: 'scores.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('height,weight\n1.5,60\n1.7,72\n1.8,81\n'),
  });
  await waitShape('(3, 2)');
  assert.match(await page.locator('#upload-info').textContent(), /scores\.csv \(csv\).*height, weight/);
  assert.match(await page.locator('#rank-meaning').textContent(), /uploaded: scores\.csv/);
  // The badge comes first; the heatmap's slice is fetched after it.
  await waitExpr('arr[:, :]');
  const h = await heatmap();
  assert.deepEqual(h.z, [[1.5, 60], [1.7, 72], [1.8, 81]]);
});

// A little-endian .npy file, as np.save writes it: float64 ('<f8') or float32 ('<f4').
function npy(shape, values, descr = '<f8') {
  const dims = shape.length === 1 ? shape[0] + ',' : shape.join(', ');
  let header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + dims + '), }';
  const unpadded = 10 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const head = Buffer.alloc(10);
  Buffer.from('\x93NUMPY', 'latin1').copy(head, 0);
  head[6] = 1;
  head[7] = 0;
  head.writeUInt16LE(header.length, 8);
  const size = descr === '<f4' ? 4 : 8;
  const data = Buffer.alloc(values.length * size);
  values.forEach((v, i) => (size === 4 ? data.writeFloatLE(v, i * 4) : data.writeDoubleLE(v, i * 8)));
  return Buffer.concat([head, Buffer.from(header, 'latin1'), data]);
}

test('uploading an .npy shows its tensor and its signals', async () => {
  const values = Array.from({ length: 24 }, (_, i) => i / 4);
  values[7] = NaN;
  await page.locator('#upload').setInputFiles({
    name: 'batch.npy', mimeType: 'application/octet-stream', buffer: npy([2, 3, 4], values),
  });
  await waitShape('(2, 3, 4)');
  await waitExpr('arr[0, :, :]');
  const nanSignal = page.locator('#signals li', { hasText: 'nan_inf' }).locator('.status');
  assert.equal(await nanSignal.textContent(), 'fail');
  assert.equal(await page.locator('#overall').textContent(), 'fail');
  const h = await heatmap();
  assert.equal(h.expr, 'arr[0, :, :]');
  assert.equal(h.z[1][3], null, 'the NaN is a gap in the heatmap');
});

// A float32 (B, H, W, C) = (2, 5, 6, 3) batch whose every value names its index:
// arr[b, h, w, c] = (1000 b + 100 h + 10 w + c) / 10, so arr[1, 3, 4, 2] is 134.2. In
// float32 that prints as NumPy prints np.float32(134.2), `134.2`; read as a float64 it
// would be 134.1999969482422, so the readout shows the dtype's own numbers.
const HW = { B: 2, H: 5, W: 6, C: 3 };
function hwValues() {
  const out = [];
  for (let b = 0; b < HW.B; b++) for (let h = 0; h < HW.H; h++) for (let w = 0; w < HW.W; w++) {
    for (let c = 0; c < HW.C; c++) out.push((1000 * b + 100 * h + 10 * w + c) / 10);
  }
  return out;
}
const hwText = (b, h, w, c) => ((1000 * b + 100 * h + 10 * w + c) / 10).toFixed(1);

async function uploadHomework() {
  await page.locator('#upload').setInputFiles({
    name: 'hw.npy', mimeType: 'application/octet-stream', buffer: npy([HW.B, HW.H, HW.W, HW.C], hwValues(), '<f4'),
  });
  await waitShape('(2, 5, 6, 3)');
  await waitExpr('arr[0, :, :, 0]');
}

async function waitPixel(expr) {
  await page.waitForFunction((e) => document.getElementById('pixel').dataset.expr === e, expr);
  return page.locator('#pixel dd').allTextContents();
}

// Where the crosshair is: its shapes in the layout, and where Plotly drew its lines, in
// data units (pixels turned back through the axes), so a line drawn in the wrong place fails.
async function crosshair() {
  return page.evaluate(() => {
    const gd = document.getElementById('heatmap');
    const shapes = Object.fromEntries(gd.layout.shapes.map((sh) => [sh.name, sh]));
    const size = gd._fullLayout._size;
    const paths = Array.from(gd.querySelectorAll('.shapelayer path')).map((p) => p.getBoundingClientRect());
    const plot = gd.querySelector('.nsewdrag').getBoundingClientRect();
    // The vertical line is the tall thin path, the horizontal one the wide flat path.
    const v = paths.find((r) => r.height > plot.height * 0.9 && r.width < 6);
    const h = paths.find((r) => r.width > plot.width * 0.9 && r.height < 6);
    return {
      col: shapes['crosshair-col'].x0,
      row: shapes['crosshair-row'].y0,
      drawnCol: v ? gd._fullLayout.xaxis.p2d(v.left + v.width / 2 - plot.left) : null,
      drawnRow: h ? gd._fullLayout.yaxis.p2d(h.top + h.height / 2 - plot.top) : null,
      offset: size.l,
    };
  });
}

test('the h and w sliders move the crosshair; the readout is that pixel in every channel, in its dtype', async () => {
  await uploadHomework();
  await page.locator('#slider-0').fill('1');
  await page.locator('#slider-1').fill('3');
  await page.locator('#slider-2').fill('4');
  assert.deepEqual(await waitPixel('arr[1, 3, 4, :]'), [0, 1, 2].map((c) => hwText(1, 3, 4, c)));
  assert.match(await page.locator('#pixel').textContent(), /float32, 3 channels/);
  await waitExpr('arr[1, :, :, 0]');
  const x = await crosshair();
  assert.equal(x.col, 4);
  assert.equal(x.row, 3);
  assert.ok(Math.abs(x.drawnCol - 4) < 0.1 && Math.abs(x.drawnRow - 3) < 0.1, 'drawn at (3, 4): ' + JSON.stringify(x));
  // c picks the heatmap's channel; the crosshair's cell in it is the readout's c = 2.
  await page.locator('#slider-3').fill('2');
  await waitExpr('arr[1, :, :, 2]');
  const z = (await heatmap()).z[3][4];
  assert.ok(Math.abs(z - 134.2) < 1e-4, 'the heatmap cell under the crosshair is arr[1, 3, 4, 2]: ' + z);
  assert.deepEqual(await page.locator('#pixel dd').allTextContents(), ['134.0', '134.1', '134.2']);
  // Moving w alone moves the vertical line and the readout, not the slice.
  const draws = (await heatmap()).draws;
  await page.locator('#slider-2').fill('5');
  assert.deepEqual(await waitPixel('arr[1, 3, 5, :]'), [0, 1, 2].map((c) => hwText(1, 3, 5, c)));
  assert.equal((await crosshair()).col, 5);
  assert.equal((await heatmap()).draws, draws, 'the slice was not fetched again');
});

test('clicking a heatmap cell moves h and w (and the crosshair) there', async () => {
  await page.locator('#heatmap-card').scrollIntoViewIfNeeded();
  const at = await page.evaluate(() => {
    const gd = document.getElementById('heatmap');
    const plot = gd.querySelector('.nsewdrag').getBoundingClientRect();
    return { x: plot.left + gd._fullLayout.xaxis.d2p(2), y: plot.top + gd._fullLayout.yaxis.d2p(1) };
  });
  await page.mouse.click(at.x, at.y);
  assert.deepEqual(await waitPixel('arr[1, 1, 2, :]'), ['112.0', '112.1', '112.2']);
  assert.equal(await page.locator('#slider-1').inputValue(), '1');
  assert.equal(await page.locator('#slider-2').inputValue(), '2');
  assert.equal(await page.locator('#slider-2 + output').textContent(), '2');
  const x = await crosshair();
  assert.deepEqual([x.row, x.col], [1, 2]);
});

test('below 4-D the crosshair sits on the two displayed axes and the readout is that cell', async () => {
  // (2, 3, 4) float64 with arr[i, j, k] = (12 i + 4 j + k) / 4.
  await page.locator('#upload').setInputFiles({
    name: 'cube.npy', mimeType: 'application/octet-stream', buffer: npy([2, 3, 4], Array.from({ length: 24 }, (_, i) => i / 4)),
  });
  await waitShape('(2, 3, 4)');
  assert.deepEqual(await page.locator('#sliders input[type=range]').evaluateAll((s) => s.map((i) => i.dataset.role)),
    ['slice', 'row', 'col']);
  await page.locator('#slider-0').fill('1');
  await page.locator('#slider-1').fill('2');
  await page.locator('#slider-2').fill('3');
  await waitPixel('arr[1, 2, 3]');
  assert.equal(await page.locator('#pixel .pixel-value').textContent(), '5.75');
  const x = await crosshair();
  assert.deepEqual([x.row, x.col], [2, 3]);
  // Swapped display axes: rows are axis 2, columns axis 0; the crosshair follows them.
  await page.locator('#rows-axis').selectOption('2');
  await page.locator('#cols-axis').selectOption('0');
  await waitExpr('arr[:, 0, :].T');
  await page.locator('#slider-2').fill('1');
  await page.locator('#slider-0').fill('1');
  await waitPixel('arr[1, 0, 1]');
  assert.equal(await page.locator('#pixel .pixel-value').textContent(), '3.25');
  assert.deepEqual(Object.values(await crosshair()).slice(0, 2), [1, 1]);
});

test('a new dtype or data source applies at once, as the rank buttons do', async () => {
  const dtypeChip = () => page.locator('.chip[title="arr.dtype"]').textContent();
  await page.locator('#dtype').selectOption('float32');
  await page.waitForFunction(() => document.querySelector('.chip[title="arr.dtype"]').textContent === 'float32');
  assert.equal(await dtypeChip(), 'float32');
  await page.locator('#source').selectOption('arange');
  await page.waitForFunction(() => document.getElementById('expr').textContent.startsWith('np.arange('));
  assert.match(await page.locator('#expr').textContent(), /dtype=np\.float32/);
  await page.locator('#source').selectOption('normal');
  await page.locator('#dtype').selectOption('float64');
  await page.waitForFunction(() => document.querySelector('.chip[title="arr.dtype"]').textContent === 'float64'
    && document.getElementById('expr').textContent.includes('standard_normal'));
});

test('Simulate Error shows the bad reshape in the error panel; Reset restores the defaults', async () => {
  assert.equal(await page.locator('#error-panel').isHidden(), true);
  await page.getByRole('button', { name: 'Simulate Error' }).click();
  await page.locator('#error-panel').waitFor({ state: 'visible' });
  assert.match(await page.locator('#error-title').textContent(), /np\.arange\(13\)\.reshape\(3, 4\)/);
  assert.equal(await page.locator('#error-message').textContent(),
    'ValueError: cannot reshape array of size 13 into shape (3,4)');
  assert.ok((await page.locator('#error-hint').textContent()).length > 20, 'the hint explains');
  await page.getByRole('button', { name: 'Reset', exact: true }).click();
  await page.locator('#error-panel').waitFor({ state: 'hidden' });
  await waitShape('(32, 128)');
  assert.equal(await page.getByRole('radio', { name: '2-D' }).isChecked(), true);
  assert.equal(await page.locator('#shape').inputValue(), '(32, 128)');
});

test('Views: a transpose shares memory, its reshape copies, writes show which is which', async () => {
  await page.locator('#view-op').selectOption('transpose');
  await page.locator('#view-arg').fill('');
  await page.locator('#view-apply').click();
  await page.locator('#view-out').waitFor({ state: 'visible' });
  assert.equal(await page.locator('#view-expr').textContent(), 'arr.T');
  assert.match(await page.locator('#view-facts').textContent(), /shares_memory\(view, arr\)true/);
  await page.locator('#write-value').fill('1000');
  await page.locator('#write-apply').click();
  await page.waitForFunction(() => /arr changed/.test(document.getElementById('write-out').textContent));
  await page.waitForFunction(() => /1000/.test(document.getElementById('signals').textContent));

  await page.locator('#view-op').selectOption('reshape');
  await page.locator('#view-arg').fill('-1');
  await page.locator('#view-chain').check();
  await page.locator('#view-apply').click();
  await page.waitForFunction(() => document.getElementById('view-expr').textContent === 'arr.T.reshape(-1)');
  assert.match(await page.locator('#view-facts').textContent(), /reshape had to copyyes/);
  await page.locator('#write-apply').click();
  await page.waitForFunction(() => /arr unchanged/.test(document.getElementById('write-out').textContent));
});

// Asks the Views panel for a reshape the engine refuses (a 422) and waits for the error.
async function refusedReshape(arg) {
  await page.locator('#view-op').selectOption('reshape');
  await page.locator('#view-arg').fill(arg);
  await page.locator('#view-chain').uncheck();
  expectedRefusals += 1;
  await page.locator('#view-apply').click();
  await page.locator('#error-panel').waitFor({ state: 'visible' });
}

test('an engine refusal from a panel lands in the error panel with its explanation', async () => {
  await refusedReshape('(5, 5)');
  assert.equal(await page.locator('#error-message').textContent(),
    'cannot reshape array of size 4096 into shape (5,5)');
  await page.getByRole('button', { name: 'Dismiss the error' }).click();
  await page.locator('#error-panel').waitFor({ state: 'hidden' });
});

// The error panel's box is inside the viewport and on top at its centre (not covered).
async function errorInView() {
  return page.locator('#error-panel').evaluate((panel) => {
    const r = panel.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + Math.min(r.height / 2, 20));
    return { top: r.top, bottom: r.bottom, height: window.innerHeight, onTop: panel.contains(hit), scrolled: window.scrollY };
  });
}

test('an error raised low on the page shows in the viewport, not above it', async () => {
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await refusedReshape('(5, 3)');
  let box = await errorInView();
  assert.ok(box.scrolled > 0, 'the page is scrolled down');
  assert.ok(box.top >= 0 && box.bottom <= box.height && box.onTop, 'the view error is in view: ' + JSON.stringify(box));
  await page.getByRole('button', { name: 'Dismiss the error' }).click();
  await page.locator('#error-panel').waitFor({ state: 'hidden' });

  // Simulate Error from the sidebar while the main column is scrolled to the bottom.
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await page.locator('#simulate-error').evaluate((b) => b.click());
  await page.locator('#error-panel').waitFor({ state: 'visible' });
  box = await errorInView();
  assert.ok(box.scrolled > 0, 'the page is still scrolled down');
  assert.ok(box.top >= 0 && box.bottom <= box.height && box.onTop, 'the simulated error is in view: ' + JSON.stringify(box));
  await page.getByRole('button', { name: 'Dismiss the error' }).click();
  await page.locator('#error-panel').waitFor({ state: 'hidden' });
  await page.evaluate(() => window.scrollTo(0, 0));
});

test('at 1366x768 the sidebar stays in view: Reset is on screen and clickable at the bottom of the page', async () => {
  await page.setViewportSize({ width: 1366, height: 768 });
  try {
    await page.getByRole('radio', { name: '4-D' }).check();
    await waitShape('(32, 28, 28, 3)');
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    const where = await page.locator('#reset').evaluate((b) => {
      const r = b.getBoundingClientRect();
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return { top: r.top, bottom: r.bottom, height: window.innerHeight, hit: hit === b, scrolled: window.scrollY };
    });
    assert.ok(where.scrolled > 0, 'the page is scrolled down');
    assert.ok(where.top >= 0 && where.bottom <= where.height && where.hit, 'Reset is in view and on top: ' + JSON.stringify(where));
    // A real click at that spot, without Playwright scrolling anything into view.
    const r = await page.locator('#reset').evaluate((b) => b.getBoundingClientRect().toJSON());
    await page.mouse.click(r.left + r.width / 2, r.top + r.height / 2);
    await waitShape('(32, 128)');
    assert.ok(await page.locator('#simulate-error').isVisible());
    assert.ok(await page.getByRole('radio', { name: '3-D' }).isVisible());
  } finally {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.setViewportSize({ width: 1440, height: 900 });
  }
});

test('on a 390 px phone the page does not scroll sideways: wide tables scroll in their card', async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    for (const rank of ['4-D', '2-D']) {
      await page.getByRole('radio', { name: rank }).check();
      await waitShape(rank === '4-D' ? '(32, 28, 28, 3)' : '(32, 128)');
      await waitExpr(rank === '4-D' ? 'arr[0, :, :, 0]' : 'arr[:, :]');
      await waitPlotsFit();
      const w = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, screen: window.innerWidth }));
      assert.ok(w.page <= w.screen, rank + ': the page is ' + w.page + ' px wide on a ' + w.screen + ' px screen');
    }
  } finally {
    await page.setViewportSize({ width: 1440, height: 900 });
  }
});

// Boxes of the plots' parts, in page pixels: each plot area, the colorbar, legends,
// captions, and the mode bar (shown by hovering each plot in turn).
async function plotBoxes() {
  const box = (sel) => page.evaluate((q) => {
    const e = document.querySelector(q);
    if (!e) return null;
    const r = e.getBoundingClientRect();
    return { left: r.left, top: r.top + window.scrollY, right: r.right, bottom: r.bottom + window.scrollY, width: r.width };
  }, sel);
  const out = {};
  for (const id of ['heatmap', 'histogram']) {
    await page.locator('#' + id).scrollIntoViewIfNeeded();
    await page.locator('#' + id + ' .nsewdrag').hover();
    await page.locator('#' + id + ' .modebar').waitFor({ state: 'visible' });
    out[id] = {
      plot: await box('#' + id + ' .nsewdrag'),
      modebar: await box('#' + id + ' .modebar'),
      legend: await box('#' + id + ' .legend'),
      colorbar: await box('#' + id + ' .colorbar'),
      caption: await box('#' + id + ' ~ figcaption, #' + id + '-caption, #' + id + '-title'),
    };
  }
  out.title = await box('#heatmap-title');
  return out;
}
// Plotly fits a plot to its box after a resize, a moment later: wait until every plot
// shown is as wide as its box.
async function waitPlotsFit() {
  await page.waitForFunction(() => Array.from(document.querySelectorAll('.plot')).every((d) => {
    const svg = d.querySelector('.main-svg');
    return !svg || d.offsetParent === null || Math.abs(svg.getBoundingClientRect().width - d.clientWidth) < 2;
  }));
}
const overlap = (a, b) => Boolean(a && b) && a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

async function checkPlots(label) {
  await waitPlotsFit();
  const b = await plotBoxes();
  assert.ok(b.heatmap.colorbar && b.histogram.plot, label + ': both plots drawn');
  assert.ok(!overlap(b.heatmap.colorbar, b.histogram.plot), label + ': the colorbar is clear of the histogram ' + JSON.stringify(b));
  assert.ok(!overlap(b.heatmap.plot, b.histogram.plot), label + ': the plots are apart');
  assert.ok(b.histogram.plot.width >= 200, label + ': the histogram is not crushed: ' + b.histogram.plot.width + ' px');
  for (const id of ['heatmap', 'histogram']) {
    const p = b[id];
    for (const part of ['legend', 'colorbar', 'caption', 'plot']) {
      assert.ok(!overlap(p.modebar, p[part]), label + ': the ' + id + "'s mode bar covers its " + part + ' ' + JSON.stringify(p));
    }
    assert.ok(!overlap(p.modebar, b.title), label + ': mode bar over the card title');
  }
}

test('on a 390x844 phone: folded settings, the heatmap on the first screen, plots apart', async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.getByRole('radio', { name: '4-D' }).check();
    await waitShape('(32, 28, 28, 3)');
    await waitExpr('arr[0, :, :, 0]');
    await waitPlotsFit();
    assert.equal(await page.locator('#settings').evaluate((d) => d.open), false, 'the settings start folded');
    assert.ok(!(await page.locator('#shape').isVisible()));
    const first = await page.evaluate(() => {
      const r = document.querySelector('#heatmap .nsewdrag').getBoundingClientRect();
      const card = document.getElementById('heatmap').getBoundingClientRect();
      return { top: card.top, bottom: card.bottom, plotLeft: r.left, plotRight: r.right, h: window.innerHeight, w: window.innerWidth,
        page: document.documentElement.scrollWidth, scrolled: window.scrollY };
    });
    assert.equal(first.scrolled, 0);
    assert.ok(first.top >= 0 && first.bottom <= first.h, 'the heatmap is on the first screen: ' + JSON.stringify(first));
    assert.ok(first.plotLeft >= 0 && first.plotRight <= first.w, 'and within its width');
    assert.ok(first.page <= first.w, 'no sideways scrolling');
    await checkPlots('390x844');
    // The settings are one tap away, and apply as on a wide screen.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.locator('#settings > summary').click();
    assert.ok(await page.locator('#shape').isVisible());
    await page.locator('#settings > summary').click();
  } finally {
    await page.setViewportSize({ width: 1440, height: 900 });
  }
  assert.equal(await page.locator('#settings').evaluate((d) => d.open), true, 'open again on a wide screen');
  assert.ok(await page.locator('#shape').isVisible());
});

test('at 1366x768 the colorbar, the histograms and the mode bars keep apart', async () => {
  await page.setViewportSize({ width: 1366, height: 768 });
  try {
    // From 2-D, so the heatmap loses half its width to the histograms at this size.
    await page.getByRole('radio', { name: '2-D' }).check();
    await waitExpr('arr[:, :]');
    await page.getByRole('radio', { name: '4-D' }).check();
    await waitExpr('arr[0, :, :, 0]');
    await checkPlots('1366x768');
  } finally {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.setViewportSize({ width: 1440, height: 900 });
  }
});

test('answers for a tensor that Reset replaced are dropped, not shown as errors', async () => {
  // The 4-D render's slice and pixel requests are held until Reset has made the 2-D
  // default current, then let through: the server answers them 422 (no axis 2 or 3 any
  // more), as it did when a learner pressed Reset while the heatmap was loading.
  await page.locator('#reset').click();
  await waitShape('(32, 128)');
  await waitExpr('arr[:, :]');
  const held = [];
  const stale = (url) => /\/api\/slice\?rows=1&cols=2&fixed=0%2C0$/.test(url) || /\/api\/pixel\?index=0%2C0%2C0%2C%3A$/.test(url);
  const matcher = (url) => stale(url.href);
  await page.route(matcher, (route) => { held.push(route); });
  const answers = [];
  const onResponse = (r) => { if (stale(r.url())) answers.push(r.status()); };
  page.on('response', onResponse);
  try {
    await page.getByRole('radio', { name: '4-D' }).check();
    await waitShape('(32, 28, 28, 3)');
    for (let i = 0; i < 200 && held.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(held.length, 2, 'the 4-D slice and pixel requests are held');
    await page.locator('#reset').click();
    await waitShape('(32, 128)');
    await waitPixel('arr[0, 0]');
    for (const r of held.splice(0)) await r.continue();
    for (let i = 0; i < 200 && answers.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(answers, [422, 422], 'the late requests were refused by the server');
    expectedRefusals += answers.length;
    await page.waitForTimeout(300);
    assert.ok(await page.locator('#error-panel').isHidden(), 'no error panel for a tensor no longer shown');
    assert.equal((await heatmap()).expr, 'arr[:, :]');
    assert.equal(await page.locator('#pixel').getAttribute('data-expr'), 'arr[0, 0]');
  } finally {
    page.off('response', onResponse);
    await page.unroute(matcher);
    for (const r of held) await r.continue(); // only when the test failed before letting them go
  }
});

test('the failure-modes link in the sidebar is readable: contrast at least 4.5:1', async () => {
  const ratio = await page.locator('#failure-modes-link').evaluate((a) => {
    const rgb = (c) => c.match(/[\d.]+/g).map(Number);
    let bg = null;
    for (let n = a; n && !bg; n = n.parentElement) {
      const c = rgb(getComputedStyle(n).backgroundColor);
      if (c.length === 3 || c[3] > 0) bg = c;
    }
    const lum = (c) => {
      const [r, g, b] = c.slice(0, 3).map((v) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const [hi, lo] = [lum(rgb(getComputedStyle(a).color)), lum(bg || [255, 255, 255])].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  });
  assert.ok(ratio >= 4.5, 'contrast ' + ratio.toFixed(2) + ':1');
});

test('Broadcasting aligns shapes from the right and explains a clash', async () => {
  await page.locator('#bc-apply').click();
  await page.waitForFunction(() => /Result: \(32, 128\)/.test(document.getElementById('bc-out').textContent));
  await page.locator('#bc-b').fill('(32,)');
  await page.locator('#bc-b').press('Enter');
  await page.waitForFunction(() => /could not be broadcast together/.test(document.getElementById('bc-out').textContent));
  assert.equal(await page.locator('#bc-out td.clash').count(), 3);
});

// Makes a standard-normal float64 tensor of `shape` from the sidebar.
async function makeNormal(shape) {
  // selectOption fires `change` even for the option already chosen, and a change applies
  // at once: choose only what differs, so "Make tensor" is the one request.
  for (const [id, value] of [['#source', 'normal'], ['#dtype', 'float64']]) {
    if (await page.locator(id).inputValue() !== value) await page.locator(id).selectOption(value);
  }
  await page.locator('#shape').fill(shape);
  await page.locator('#apply').click();
  await waitShape(shape);
}

// Runs the Loop-vs-fast panel on `op`; returns the server's answer and what the panel shows.
async function timeTwins(op) {
  await page.locator('#twins-op').selectOption(op);
  const answer = page.waitForResponse((r) => r.url().endsWith('/api/twins'));
  await page.locator('#twins-apply').click();
  const r = await (await answer).json();
  await page.locator('#twins-agree').waitFor();
  const shown = await page.evaluate(() => {
    const text = (id) => { const n = document.getElementById(id); return n ? n.textContent : null; };
    const num = (id, key) => { const n = document.getElementById(id); return n ? Number(n.dataset[key]) : null; };
    return {
      setup: text('twins-setup'), loop: text('twins-loop'), fast: text('twins-fast'),
      language: document.getElementById('twins-loop').dataset.language,
      where: text('twins-where'), agree: text('twins-agree'), tooSmall: text('twins-too-small'),
      loopMs: num('twins-loop-time', 'bestMs'), fastMs: num('twins-fast-time', 'bestMs'),
      ratio: num('twins-ratio', 'ratio'),
    };
  });
  return { r, shown };
}

test('Loop vs fast times the Python it shows on the default tensor, and both agree', async () => {
  await makeNormal('(32, 128)');
  for (const op of ['column_means', 'matmul', 'distances', 'standardize']) {
    const { r, shown } = await timeTwins(op);
    // The code on the panel is the code that ran: Python, with its loop.
    assert.equal(shown.loop, r.loop_code, op);
    assert.equal(shown.fast, r.fast_code, op);
    assert.equal(shown.setup, r.setup, op);
    assert.equal(shown.language, 'python');
    assert.match(shown.loop, /^\w+ = .*\bfor \w+ in range\([nd]\)/s, op + ': a Python loop');
    assert.match(shown.setup, /X = arr(\[:\d+\])?\nn, d = X\.shape$/, op);
    assert.match(shown.where, /Python: CPython in this tab's console process/);
    // Where the loop took the first rows, the setup names how many, and X has that many.
    const rows = shown.setup.match(/X = arr\[:(\d+)\]/);
    assert.equal(r.input_shape[0], rows ? Number(rows[1]) : 32, op);
    assert.ok(shown.loopMs > 0 && shown.fastMs > 0, op + ': ' + JSON.stringify(shown));
    assert.ok(r.loop.runs >= 1 && r.fast.runs >= 5, op);
    assert.match(shown.agree, /^yes /, op + ': ' + shown.agree);
    // Either a ratio or the reason there is none, never both.
    assert.ok((shown.ratio === null) !== (shown.tooSmall === null), op);
  }
});

test("Loop vs fast at the lesson's (10000, 512): the column means loop is clearly slower", async () => {
  await makeNormal('(10000, 512)');
  const { r, shown } = await timeTwins('column_means');
  assert.equal(shown.loop, 'col_means_loop = [X[:, j].mean() for j in range(d)]');
  assert.equal(shown.fast, 'col_means_vec = X.mean(axis=0)');
  assert.equal(shown.setup, 'X = arr\nn, d = X.shape', 'every row and column');
  assert.deepEqual(r.input_shape, [10000, 512]);
  assert.equal(shown.tooSmall, null);
  assert.ok(shown.loopMs > 0 && shown.fastMs > 0);
  // The lesson's claim, and the one timing bound here: measured 3x in this debug build
  // on a busy 2-core machine (14x in NumPy, 36-40x in a release build of ndplay).
  assert.ok(shown.ratio > 1, 'speed-up ' + shown.ratio + ' (' + shown.loopMs + ' ms against ' + shown.fastMs + ' ms)');
  assert.match(shown.agree, /^yes /);
});

test('Loop vs fast says a tiny tensor is too small to show the claim', async () => {
  await makeNormal('(2, 3)');
  const { r, shown } = await timeTwins('column_means');
  assert.match(shown.tooSmall, /^Too small to show the claim/);
  assert.equal(shown.ratio, null, 'no ratio on the panel');
  assert.ok(r.too_small && shown.loopMs > 0 && shown.fastMs > 0);
  assert.match(shown.agree, /^yes /);
  await makeNormal('(32, 128)');
});

// A data source change applies at once, with the shape in the sidebar; a new shape typed
// and applied before that answer came must still be where the page and the server end.
test('tensor changes made in quick succession end on the last one, on the page and on the server', async () => {
  await makeNormal('(2000, 2000)');
  const sent = page.waitForRequest((r) => r.url().endsWith('/api/tensor') && r.method() === 'POST');
  await page.locator('#source').selectOption('arange');
  const session = (await sent).headers()['x-ndplay-session'];
  await page.locator('#shape').fill('(3, 5)');
  await page.locator('#apply').click();
  await waitShape('(3, 5)');
  // The older answer, shown late, would have refilled the sidebar with (2000, 2000).
  assert.equal(await page.locator('#shape').inputValue(), '(3, 5)');
  const onServer = await page.evaluate(async (s) => {
    const r = await fetch('/api/tensor', { headers: { 'x-ndplay-session': s } });
    return (await r.json()).tensor;
  }, session);
  assert.equal(onServer.shape_text, '(3, 5)');
  assert.equal(await page.locator('#repr').textContent(), onServer.repr);
  assert.match(onServer.repr, /^array\(\[\[ 0\.,  1\./);
  const back = page.waitForResponse((r) => r.url().endsWith('/api/tensor') && r.request().method() === 'POST');
  await page.locator('#source').selectOption('normal');
  await back;
  await makeNormal('(32, 128)');
});

test('NaN injection from the sidebar fires the nan_inf signal', async () => {
  await page.locator('#nan').fill('3');
  await page.locator('#apply').click();
  await page.waitForFunction(() => document.getElementById('overall').textContent === 'fail');
  assert.match(await page.locator('#signals').textContent(), /3 NaN/);
  await page.locator('#nan').fill('0');
  await page.locator('#apply').click();
  await page.waitForFunction(() => document.getElementById('overall').textContent === 'ok');
});

async function runInConsole(code, { keys = false } = {}) {
  const before = await page.locator('#console-out .run').count();
  await page.locator('#console-code').fill(code);
  if (keys) {
    await page.locator('#console-code').press('Control+Enter');
  } else {
    await page.locator('#console-run').click();
  }
  await page.waitForFunction((n) => document.querySelectorAll('#console-out .run').length > n, before);
  return page.locator('#console-out .run').last();
}

test('the console runs Python against arr and puts diagnostics under the line', async () => {
  await page.locator('#reset').click();
  await waitShape('(32, 128)');
  const run = await runInConsole('import numpy as np\nc = arr - arr.mean(axis=1, keepdims=True)\nprint(c.shape)\narr = arr[:4, :5] * 0');
  assert.equal(await run.locator('.run-stdout').textContent(), '(32, 128)\n');
  const diag = run.locator('.diag[data-kind="axis_statistic"]');
  assert.equal(await diag.count(), 1);
  assert.match(await diag.textContent(), /line 2/);
  assert.match(await diag.locator('.diag-text').textContent(), /centres a \(N, D\) = \(32, 128\) batch/);
  // The diagnostic sits right under the line that caused it, its sub-expression marked.
  const marked = await diag.evaluate((d) => d.previousElementSibling.querySelector('mark').textContent);
  assert.equal(marked, 'arr - arr.mean(axis=1, keepdims=True)');
  // Rebinding arr makes the new array the current tensor.
  await waitShape('(4, 5)');
  assert.match(await page.locator('#rank-meaning').textContent(), /from the console: arr/);
  // Ctrl+Enter runs; the value of the last expression is echoed as NumPy would.
  const sum = await runInConsole('arr.sum()', { keys: true });
  assert.equal(await sum.locator('.run-result').textContent(), 'np.float64(0.0)');
  // A Python error shows NumPy's exception and ndplay's explanation.
  const bad = await runInConsole('arr.reshape(7)');
  assert.match(await bad.locator('.run-error').textContent(), /ValueError: cannot reshape array of size 20 into shape \(7,\)/);
  // Arrays the code bound are listed; clicking one shows it in the main panel.
  const made = await runInConsole('top = arr[:2]');
  await made.locator('.tensor-chip[data-name="top"]').click();
  await waitShape('(2, 5)');
});

test('a console run that does not rebind arr keeps the slice and the stats axis', async () => {
  await page.getByRole('radio', { name: '4-D' }).check();
  await waitShape('(32, 28, 28, 3)');
  await page.locator('#slider-0').fill('7');
  await page.locator('#slider-3').fill('1');
  await waitExpr('arr[7, :, :, 1]');
  await page.locator('#stats-axis').selectOption('3');
  await page.waitForFunction(() => /Reduces axis 3/.test(document.getElementById('stats-note').textContent));
  const draws = (await heatmap()).draws;
  const run = await runInConsole('arr.mean()');
  await run.locator('.run-result').waitFor();
  await page.waitForFunction((n) => Number(document.getElementById('heatmap').dataset.draws) > n, draws);
  assert.equal((await heatmap()).expr, 'arr[7, :, :, 1]');
  assert.equal(await page.locator('#slider-0').inputValue(), '7');
  assert.equal(await page.locator('#stats-axis').inputValue(), '3');
  assert.match(await page.locator('#stats-note').textContent(), /Reduces axis 3/);
  // Rebinding arr is a new array: the controls start afresh.
  await runInConsole('arr = arr[:, :, :, :2]');
  await waitShape('(32, 28, 28, 2)');
  await waitExpr('arr[0, :, :, 0]');
  assert.equal(await page.locator('#stats-axis').inputValue(), '0');
});

test('Reset says what it would clear and keeps the work when the learner says no', async () => {
  // Start from the 2-D default, so the refreshes a console run makes stay valid for the
  // tensor Reset brings back.
  await page.locator('#reset').click();
  await waitShape('(32, 128)');
  await runInConsole('keep = 41');
  dialogs.length = 0;
  dialogAnswer = 'dismiss';
  try {
    await page.locator('#reset').click();
    for (let i = 0; i < 100 && dialogs.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(dialogs.length, 1, 'Reset asked');
    assert.match(dialogs[0], /clears the console's variables and output/);
  } finally {
    dialogAnswer = 'accept';
  }
  const kept = await runInConsole('keep + 1');
  assert.equal(await kept.locator('.run-result').textContent(), '42');
  await page.locator('#reset').click();
  // The shape was the default already: wait for the reset itself, which clears the output.
  await page.waitForFunction(() => document.querySelectorAll('#console-out .run').length === 0);
  await waitShape('(32, 128)');
  assert.equal(dialogs.length, 2, 'asked again, and this time accepted');
  // With nothing of the learner's left, Reset just resets.
  await page.getByRole('radio', { name: '3-D' }).check();
  await waitShape('(32, 28, 28)');
  await waitExpr('arr[0, :, :]');
  await page.locator('#reset').click();
  await waitShape('(32, 128)');
  assert.equal(dialogs.length, 2, 'nothing to lose, nothing asked');
});

test('the failure-modes page runs each bug and its fix in the console', async () => {
  const p = await context.newPage();
  watch(p, 'failure modes');
  await p.goto(server.url + 'failure-modes');
  await p.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
  const kinds = await p.locator('section.case').evaluateAll((s) => s.map((x) => x.dataset.kind));
  assert.ok(kinds.length >= 9, 'cases: ' + kinds);
  for (const [i, kind] of kinds.entries()) {
    const section = p.locator('section.case[data-case="' + i + '"]');
    await section.locator('[data-testid="run-buggy"]').click();
    await section.locator('.diag[data-kind="' + kind + '"]').first().waitFor();
    await section.locator('[data-testid="run-fixed"]').click();
    const fixedCell = section.locator('.cell').nth(1);
    await fixedCell.locator('.run').waitFor();
    assert.equal(await fixedCell.locator('.diag').count(), 0, kind + ': the fix raised a diagnostic');
    assert.equal(await fixedCell.locator('.run-error').count(), 0, kind + ': the fix failed');
  }
  await p.close();
});

test('two tabs keep their own tensors', async () => {
  await page.getByRole('radio', { name: '3-D' }).check();
  await waitShape('(32, 28, 28)');
  const other = await context.newPage();
  watch(other, 'tab 2');
  await other.goto(server.url);
  await other.waitForSelector('body[data-ready="true"]');
  assert.equal(await shapeChip(other), '(32, 128)');
  await other.getByRole('radio', { name: '0-D' }).check();
  await waitShape('()', other);
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal(await shapeChip(), '(32, 28, 28)', 'a reload keeps the tab, and tab 2 did not touch it');
  await other.close();
});

test('a duplicated tab gets its own session', async () => {
  await page.getByRole('radio', { name: '3-D' }).check();
  await waitShape('(32, 28, 28)');
  const tabId = (p) => p.evaluate(() => window.sessionStorage.getItem('ndplay-session'));
  const first = await tabId(page);
  // Chromium's "Duplicate tab" copies sessionStorage into the new tab before its page
  // runs: copy it the same way, once, before the page's scripts.
  const stored = await page.evaluate(() => JSON.stringify(Object.entries(window.sessionStorage)));
  const dupe = await context.newPage();
  watch(dupe, 'duplicate');
  await dupe.addInitScript((entries) => {
    if (window.sessionStorage.length === 0) {
      for (const [k, v] of JSON.parse(entries)) window.sessionStorage.setItem(k, v);
    }
  }, stored);
  await dupe.goto(server.url);
  await dupe.waitForSelector('body[data-ready="true"]');
  const second = await tabId(dupe);
  assert.notEqual(second, first, 'the duplicate has its own session id');
  assert.equal(await dupe.evaluate(() => window.Ndplay.session()), second, 'and uses it');
  await dupe.getByRole('radio', { name: '1-D' }).check();
  await waitShape('(128,)', dupe);
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal(await tabId(page), first, 'a reload keeps the id');
  assert.equal(await shapeChip(), '(32, 28, 28)', 'the duplicate did not change the original');
  await dupe.reload();
  await dupe.waitForSelector('body[data-ready="true"]');
  assert.equal(await tabId(dupe), second, 'the duplicate keeps its own id on reload');
  assert.equal(await shapeChip(dupe), '(128,)');
  // Going to /failure-modes and back in the same tab is no duplicate: the id stays.
  await page.goto(server.url + 'failure-modes');
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal(await page.evaluate(() => window.Ndplay.session()), first);
  await page.goBack();
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal(await tabId(page), first);
  assert.equal(await shapeChip(), '(32, 28, 28)');
  await dupe.close();
});

test('no browser console errors', () => {
  const refusals = consoleErrors.filter((e) => /status of 422/.test(e));
  const others = consoleErrors.filter((e) => !/status of 422/.test(e));
  assert.deepEqual(others, []);
  assert.equal(refusals.length, expectedRefusals, 'only the refusals provoked on purpose: ' + refusals.join('; '));
});

test('SIGTERM stops the server cleanly', async () => {
  await context.close();
  context = null;
  server.child.kill('SIGTERM');
  const exit = await server.exited;
  assert.deepEqual(exit, { code: 0, signal: null }, server.output);
  assert.match(server.output, /shutting down/);
});
