// ndplay playground: the page's behaviour. Every number comes from the server's JSON API
// (see the README); this file only asks and draws. Each tab has its own session id,
// kept in sessionStorage (a duplicated tab takes its own: see ndplay.js) and sent as
// the x-ndplay-session header.
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);

  // Session id, API and the console's rendering are shared with the failure-modes page.
  const { ApiError, api, el, fmtShape, renderRun, runCode } = window.Ndplay;

  // ---- formatting ------------------------------------------------------------------

  function fmtNum(x) {
    if (x === null || x === undefined) return '—';
    if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
    const a = Math.abs(x);
    if (a !== 0 && (a < 1e-3 || a >= 1e6)) return x.toExponential(3);
    return String(Number(x.toPrecision(5)));
  }
  function fmtBytes(n) {
    return n.toLocaleString('en-US') + ' bytes';
  }
  // ---- render generations ----------------------------------------------------------

  // Each render's requests (slice, stats, pixel) belong to a generation. Anything that
  // changes the tensor (a new tensor, Reset, an upload, a console run) starts a new one
  // *before* its own request is sent, because the server may answer the old render's
  // requests after it has switched tensors: they come back late, or as a 422 when their
  // axes no longer exist. Answers and errors of a superseded generation are dropped.
  let generation = 0;
  class Superseded extends Error {}
  function supersede() {
    generation += 1;
    return generation;
  }
  // Awaits `request`, made for generation `gen`; throws Superseded when a newer one began.
  async function forGeneration(gen, request) {
    let answer;
    try {
      answer = await request;
    } catch (e) {
      if (gen !== generation) throw new Superseded();
      throw e;
    }
    if (gen !== generation) throw new Superseded();
    return answer;
  }
  // A request that changes the tensor: it supersedes the current render's requests.
  // Such requests go one at a time, in the order the learner made them: a data-source
  // change (which applies at once) followed quickly by a new shape and "Make tensor"
  // must end on the new shape. Sent together, the server could finish the slower one
  // (5 million normals) last, and both it and the page would keep the older tensor.
  // An answer that a newer change is already queued behind is not shown (it throws
  // Superseded, which the error panel ignores): its render would refill the sidebar
  // with the older request over what the learner typed since.
  let tensorQueue = Promise.resolve();
  let tensorChanges = 0;
  function changeTensor(method, path, body) {
    const ticket = ++tensorChanges;
    const answer = tensorQueue.then(() => {
      supersede();
      return api(method, path, body);
    });
    tensorQueue = answer.catch(() => {});
    const current = () => {
      if (ticket !== tensorChanges) throw new Superseded();
    };
    return answer.then((st) => {
      current();
      return st;
    }, (e) => {
      current();
      throw e;
    });
  }

  // ---- error panel -----------------------------------------------------------------

  function showError(err, title, code) {
    if (err instanceof Superseded) return; // about a tensor the page no longer shows
    const b = err instanceof ApiError ? err.body : { message: String(err && err.message ? err.message : err), hint: '' };
    $('error-title').textContent = title || (b.type ? b.type : 'Error');
    $('error-message').textContent = (b.type && title ? b.type + ': ' : '') + b.message;
    $('error-hint').textContent = b.hint || '';
    const pre = $('error-code');
    if (code) { pre.textContent = code; pre.hidden = false; } else { pre.textContent = ''; pre.hidden = true; }
    const panel = $('error-panel');
    panel.hidden = false;
    // The panel sticks to the top of the main column, but on a phone (one column) an
    // error from the sidebar is raised above the main column: bring it into view.
    const box = panel.getBoundingClientRect();
    if (box.top < 0 || box.bottom > window.innerHeight) panel.scrollIntoView({ block: 'nearest' });
  }
  function hideError() {
    $('error-panel').hidden = true;
  }
  // Runs an action from a control; any failure goes to the error panel, never to the console.
  function guarded(fn) {
    return async (ev) => {
      if (ev && ev.preventDefault) ev.preventDefault();
      try {
        await fn(ev);
      } catch (e) {
        showError(e);
      }
    };
  }

  // ---- sidebar ---------------------------------------------------------------------

  let examples = null;
  let state = null;

  function parseShapeText(text) {
    const t = text.trim().replace(/^[([]/, '').replace(/[)\]]$/, '').trim();
    if (t === '') return [];
    const parts = t.split(',').map((p) => p.trim());
    if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop(); // (3,)
    const out = [];
    for (const p of parts) {
      if (!/^\d+$/.test(p)) {
        throw new ApiError({ message: 'shape ' + JSON.stringify(text) + ': ' + JSON.stringify(p) + ' is not a non-negative integer', hint: 'Write the shape as sizes separated by commas, e.g. (32, 28, 28, 3); () is a scalar.' });
      }
      out.push(Number(p));
    }
    return out;
  }

  // Whether the learner has typed in the sidebar's fields since the last tensor request
  // read them. An answer that arrives meanwhile (a dtype change applies at once) must not
  // refill those fields with its own request over what they typed.
  let typedSince = false;
  const TYPED_FIELDS = ['shape', 'seed', 'low', 'high', 'nan', 'inf'];

  function tensorRequest() {
    typedSince = false;
    return {
      shape: parseShapeText($('shape').value),
      dtype: $('dtype').value,
      source: $('source').value,
      seed: Math.max(0, Number($('seed').value) || 0),
      low: Number($('low').value) || 0,
      high: Number($('high').value) || 0,
      nan: Math.max(0, Number($('nan').value) || 0),
      inf: Math.max(0, Number($('inf').value) || 0),
    };
  }

  function setRank(rank) {
    for (const r of document.querySelectorAll('input[name=rank]')) r.checked = Number(r.value) === rank;
    const ex = examples && examples.examples.find((e) => e.rank === rank);
    $('rank-meaning').textContent = ex ? ex.meaning : (rank > 4 ? rank + '-D tensor' : '');
  }

  function fillSidebar(req) {
    $('shape').value = fmtShape(req.shape);
    $('dtype').value = req.dtype;
    $('source').value = req.source;
    $('seed').value = req.seed;
    $('low').value = req.low;
    $('high').value = req.high;
    $('nan').value = req.nan;
    $('inf').value = req.inf;
    $('int-range').hidden = req.source !== 'integers';
    setRank(req.shape.length);
  }

  async function makeTensor() {
    const st = await changeTensor('POST', '/tensor', tensorRequest());
    hideError();
    await render(st);
  }

  // ---- main panel ------------------------------------------------------------------

  // The learner's choices in the heatmap and stats controls, to carry over a refresh of
  // the same array (a console run that did not rebind `arr`).
  function choices() {
    if (!state) return null;
    const fixed = {};
    for (const s of $('sliders').querySelectorAll('input[type=range]')) fixed[s.dataset.axis] = s.value;
    return { shape: state.tensor.shape_text, rows: $('rows-axis').value, cols: $('cols-axis').value, fixed, stats: $('stats-axis').value };
  }

  // Shows `st`; with `keep`, the display axes, sliders and stats axis stay as they were
  // when the array kept its shape.
  async function render(st, keep) {
    const before = keep ? choices() : null;
    const gen = supersede();
    if (sliceTimer) clearTimeout(sliceTimer);
    if (pixelTimer) clearTimeout(pixelTimer);
    state = st;
    const t = st.tensor;
    $('expr').textContent = t.expr;
    const badge = $('badge');
    badge.replaceChildren(
      el('span', { class: 'chip shape', title: 'arr.shape', text: t.shape_text }),
      el('span', { class: 'chip', title: 'arr.dtype', text: t.dtype }),
      el('span', { class: 'chip', title: 'arr.ndim', text: 'rank ' + t.rank }),
      ...t.axes.map((a) => el('span', { class: 'chip axis', title: 'axis ' + a.axis },
        'axis ' + a.axis + ': ' + a.meaning + ' ', el('small', { text: '(' + a.length + ')' }))),
    );
    if (t.rank === 0) badge.append(el('span', { class: 'chip axis', text: 'a scalar: no axes' }));
    $('memory').textContent = fmtBytes(t.nbytes) + ' = ' + fmtNum(t.megabytes) + ' MB (arr.nbytes / 1e6; '
      + t.size.toLocaleString('en-US') + ' elements × ' + t.itemsize + ' bytes)';
    const flags = $('flags');
    flags.replaceChildren(...Object.entries(t.flags).map(([k, v]) =>
      el('li', { class: v ? 'on' : 'off', text: k.toUpperCase(), title: k.toUpperCase() + (v ? ' is set' : ' is not set') })));

    const tbody = $('strides-table').querySelector('tbody');
    tbody.replaceChildren(...t.axes.map((a) => el('tr', {},
      el('td', { class: 'num', text: String(a.axis) }),
      el('td', { text: a.meaning }),
      el('td', { class: 'num', text: String(a.length) }),
      el('td', { class: 'num', text: String(a.stride_bytes) }),
      el('td', { class: 'num', text: String(a.stride_elements) }),
      el('td', { text: a.why }))));
    if (t.axes.length === 0) tbody.append(el('tr', {}, el('td', { colspan: '6', text: 'strides == ()' })));
    $('strides-note').textContent = 'arr.strides == ' + (t.strides.length === 1 ? '(' + t.strides[0] + ',)' : '(' + t.strides.join(', ') + ')') + '. ' + t.strides_note;

    $('signals').replaceChildren(...t.signals.map((s) => el('li', {},
      el('span', { class: 'name', text: s.name }),
      el('span', { class: 'status ' + s.status, text: s.status }),
      el('span', { text: s.detail }))));
    const overall = $('overall');
    overall.className = 'status ' + t.status;
    overall.textContent = t.status;
    $('repr').textContent = t.repr;

    if (typedSince) {
      // Keep what the learner typed; it goes with their next "Make tensor".
    } else if (t.origin.kind === 'generated') {
      fillSidebar(t.origin.request);
    } else if (t.origin.kind === 'console') {
      $('shape').value = t.shape_text;
      setRank(-1);
      $('rank-meaning').textContent = 'from the console: ' + t.origin.name;
    } else {
      $('shape').value = t.shape_text;
      setRank(-1);
      $('rank-meaning').textContent = 'uploaded: ' + t.origin.file + (t.origin.name ? ' [' + t.origin.name + ']' : '');
    }
    renderUpload(st.upload);
    const kept = before && before.shape === t.shape_text ? before : null;
    setupSliceControls(t, kept);
    setupStatsAxis(t, kept);
    await Promise.all([loadSlice(gen), loadStats(gen), loadPixel(gen)]);
  }

  function renderUpload(up) {
    const wrap = $('choose-wrap');
    if (!up) {
      $('upload-info').textContent = 'Parsed in memory; nothing is saved.';
      wrap.hidden = true;
      return;
    }
    $('upload-info').textContent = up.file + ' (' + up.format + '): ' + up.tensors.length
      + (up.tensors.length === 1 ? ' tensor' : ' tensors') + (up.columns ? '; columns ' + up.columns.join(', ') : '');
    const sel = $('choose');
    sel.replaceChildren(...up.tensors.map((t) => el('option', { value: String(t.index),
      text: (t.name || '(array)') + ' ' + t.shape + ' ' + t.dtype })));
    sel.value = String(up.selected);
    wrap.hidden = up.tensors.length < 2;
  }

  // ---- heatmap ---------------------------------------------------------------------

  let sliceSeq = 0;
  let sliceTimer = null;
  let pixelSeq = 0;
  let pixelTimer = null;
  let drawCount = 0;

  // Plotly's mode bar (shown on hover, or on a tap on a phone) sits in the plot's top
  // right corner. Titles are HTML above each plot, and each plot keeps a top margin as
  // tall as the bar, so it never covers a title, a legend or the colorbar; the buttons a
  // heatmap does not need are left out so the bar stays short on a phone.
  const PLOT_CONFIG = {
    displaylogo: false, responsive: true,
    modeBarButtonsToRemove: ['select2d', 'lasso2d', 'autoScale2d', 'toggleSpikelines', 'hoverClosestCartesian', 'hoverCompareCartesian'],
  };
  const MODEBAR_ROOM = 32;

  function axisLabel(t, k) {
    return k + ' — ' + t.axes[k].meaning + ' (' + t.axes[k].length + ')';
  }

  function displayAxes() {
    return [Number($('rows-axis').value), Number($('cols-axis').value)];
  }

  // The seed's homework view: a (B, H, W, C) batch shown as arr[b, :, :, c]. There the
  // crosshair's readout is the pixel in every channel, arr[b, h, w, :].
  function homeworkView(t) {
    const [rows, cols] = displayAxes();
    return t.rank === 4 && rows === 1 && cols === 2;
  }

  function setupSliceControls(t, kept) {
    const controls = $('slice-controls');
    const rowsSel = $('rows-axis');
    const colsSel = $('cols-axis');
    if (t.rank < 2) {
      controls.hidden = true;
      $('sliders').replaceChildren();
      return;
    }
    controls.hidden = false;
    const opts = () => t.axes.map((a) => el('option', { value: String(a.axis), text: axisLabel(t, a.axis) }));
    rowsSel.replaceChildren(...opts());
    colsSel.replaceChildren(...opts());
    const [r, c] = t.rank >= 3 ? [1, 2] : [0, 1];
    rowsSel.value = kept ? kept.rows : String(r);
    colsSel.value = kept ? kept.cols : String(c);
    buildSliders(t);
    if (kept) {
      for (const s of $('sliders').querySelectorAll('input[type=range]')) {
        if (kept.fixed[s.dataset.axis] === undefined) continue;
        s.value = kept.fixed[s.dataset.axis];
        s.nextElementSibling.textContent = s.value;
      }
    }
  }

  // One slider per axis. The axes not on display pick the slice (b and c choose
  // arr[b, :, :, c]); the two on display place the crosshair (h and w), whose values
  // the readout shows.
  function buildSliders(t) {
    const [rows, cols] = displayAxes();
    const box = $('sliders');
    box.replaceChildren();
    const names = homeworkView(t) ? { 0: 'b', 1: 'h', 2: 'w', 3: 'c' } : {};
    for (const a of t.axes) {
      const role = a.axis === rows ? 'row' : (a.axis === cols ? 'col' : 'slice');
      const id = 'slider-' + a.axis;
      const name = names[a.axis] ? names[a.axis] + ' = ' : '';
      const job = role === 'slice' ? 'index along' : 'crosshair ' + role + ' on';
      const input = el('input', { type: 'range', id, min: '0', max: String(Math.max(0, a.length - 1)), value: '0', step: '1',
        'data-axis': String(a.axis), 'data-role': role,
        'aria-label': name + job + ' axis ' + a.axis + ' (' + a.meaning + ')' });
      if (a.length === 0) input.disabled = true;
      const out = el('output', { for: id, text: '0' });
      input.addEventListener('input', () => {
        out.textContent = input.value;
        if (role === 'slice') {
          scheduleSlice();
        } else {
          drawCrosshair();
          schedulePixel();
        }
      });
      const label = el('label', { class: 'slider ' + (role === 'slice' ? 'pick' : 'probe'),
        title: role === 'slice' ? 'picks the slice' : 'moves the crosshair' },
      el('span', { class: 'slider-name' }, role === 'slice' ? '' : el('span', { class: 'cross', 'aria-hidden': 'true' }),
        name + 'axis ' + a.axis + ' (' + a.meaning + ')'), input, out);
      box.append(label);
    }
  }

  function sliderValue(axis) {
    const s = $('slider-' + axis);
    return s ? Number(s.value) : 0;
  }

  function scheduleSlice() {
    if (sliceTimer) clearTimeout(sliceTimer);
    const gen = generation;
    sliceTimer = setTimeout(() => {
      sliceTimer = null;
      Promise.all([loadSlice(gen), loadPixel(gen)]).catch(showError);
    }, 50);
  }

  function schedulePixel() {
    if (pixelTimer) clearTimeout(pixelTimer);
    const gen = generation;
    pixelTimer = setTimeout(() => { pixelTimer = null; loadPixel(gen).catch(showError); }, 50);
  }

  async function loadSlice(gen) {
    if (!state) return;
    const t = state.tensor;
    const seq = ++sliceSeq;
    let q = '';
    if (t.rank >= 2) {
      const fixed = Array.from($('sliders').querySelectorAll('input[data-role=slice]')).map((s) => s.value);
      q = '?rows=' + $('rows-axis').value + '&cols=' + $('cols-axis').value + '&fixed=' + encodeURIComponent(fixed.join(','));
    }
    const s = await forGeneration(gen, api('GET', '/slice' + q));
    if (seq !== sliceSeq) return; // a newer request is on its way
    drawHeatmap(s);
  }

  // The index under the crosshair, in NumPy spelling: the slice's indices, the
  // crosshair's row and column, and `:` on the channel axis of the homework view.
  function pixelIndex(t) {
    const homework = homeworkView(t);
    return t.axes.map((a) => (homework && a.axis === 3 ? ':' : String(sliderValue(a.axis)))).join(',');
  }

  async function loadPixel(gen) {
    const box = $('pixel');
    if (!state || state.tensor.rank < 2 || state.tensor.size === 0) {
      box.hidden = true;
      box.replaceChildren();
      return;
    }
    const t = state.tensor;
    const seq = ++pixelSeq;
    const p = await forGeneration(gen, api('GET', '/pixel?index=' + encodeURIComponent(pixelIndex(t))));
    if (seq !== pixelSeq) return;
    renderPixel(p);
  }

  function renderPixel(p) {
    const box = $('pixel');
    box.hidden = false;
    box.dataset.expr = p.expr;
    const head = el('p', { class: 'pixel-head' }, el('span', { class: 'cross', 'aria-hidden': 'true' }),
      el('code', { text: p.expr }));
    if (p.axis === null) {
      head.append(' = ', el('code', { class: 'pixel-value', text: p.values[0] }), ' ', el('small', { text: p.dtype }));
      box.replaceChildren(head);
      return;
    }
    head.append(' ', el('small', { text: p.dtype + ', ' + p.count + ' ' + (p.meaning || 'values')
      + (p.values.length < p.count ? ', the first ' + p.values.length + ' listed' : '') }));
    // One entry per channel, wrapping onto the next line on a narrow screen.
    const letter = p.axis === 3 ? 'c' : 'i';
    const list = el('dl', { class: 'pixel-values', 'aria-label': 'values of ' + p.expr },
      ...p.values.map((v, i) => el('div', {}, el('dt', { text: letter + '=' + i }), el('dd', { text: v }))));
    box.replaceChildren(head, list);
  }

  // The crosshair at the display sliders' (row, col), in the heatmap's index units (a
  // thinned heatmap keeps the true indices as its coordinates).
  function crosshairShapes() {
    if (!state || state.tensor.rank < 2) return [];
    const [rows, cols] = displayAxes();
    const y = sliderValue(rows);
    const x = sliderValue(cols);
    const line = { color: '#ff2d55', width: 1.5 };
    return [
      { type: 'line', xref: 'x', yref: 'paper', x0: x, x1: x, y0: 0, y1: 1, line, name: 'crosshair-col' },
      { type: 'line', xref: 'paper', yref: 'y', x0: 0, x1: 1, y0: y, y1: y, line, name: 'crosshair-row' },
      { type: 'rect', xref: 'x', yref: 'y', x0: x - 0.5, x1: x + 0.5, y0: y - 0.5, y1: y + 0.5, line: { color: '#fff', width: 2 }, name: 'crosshair-cell' },
    ];
  }

  function drawCrosshair() {
    const div = $('heatmap');
    if (!div.layout) return;
    window.Plotly.relayout(div, { shapes: crosshairShapes() });
  }

  // Clicking a cell moves the crosshair there (the display axes' sliders follow).
  function onHeatmapClick(ev) {
    if (!state || state.tensor.rank < 2 || !ev.points || !ev.points.length) return;
    const [rows, cols] = displayAxes();
    const pt = ev.points[0];
    for (const [axis, v] of [[rows, pt.y], [cols, pt.x]]) {
      const s = $('slider-' + axis);
      if (!s) continue;
      s.value = String(v);
      s.nextElementSibling.textContent = s.value;
    }
    drawCrosshair();
    schedulePixel();
  }

  const PALETTE = ['#d62728', '#2ca02c', '#1f77b4', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f'];

  function drawHeatmap(s) {
    const div = $('heatmap');
    $('slice-expr').textContent = s.expr;
    $('heatmap-caption').textContent = s.rank < 2 ? 'arr' : s.expr;
    const thin = s.step[0] > 1 || s.step[1] > 1;
    $('slice-note').textContent = (s.rank < 2
      ? (s.rank === 0 ? 'A scalar is one cell.' : 'A vector is shown as one row.')
      : 'Showing ' + s.expr + ', shape (' + s.shape.join(', ') + '). Click a cell to put the crosshair there.')
      + (thin ? ' Thinned: every ' + s.step.join(' × ') + ' cell, to keep the picture light.' : '');
    const heat = {
      type: 'heatmap', z: s.z, colorscale: 'Viridis',
      hovertemplate: 'row %{y}, col %{x}: %{z}<extra></extra>',
      x: s.z.length ? s.z[0].map((_, i) => i * s.step[1]) : [],
      y: s.z.map((_, i) => i * s.step[0]),
      colorbar: { thickness: 12 },
    };
    const layout = {
      margin: { l: 60, r: 10, t: MODEBAR_ROOM, b: 50 },
      xaxis: { title: { text: s.x_label } },
      yaxis: { title: { text: s.y_label }, autorange: 'reversed' },
      shapes: crosshairShapes(),
      paper_bgcolor: 'rgba(0,0,0,0)',
      plot_bgcolor: 'rgba(0,0,0,0)',
      font: { size: 12 },
    };
    drawHistograms(s);
    window.Plotly.react(div, [heat], layout, PLOT_CONFIG);
    if (!div.dataset.clicks) {
      div.on('plotly_click', onHeatmapClick);
      div.dataset.clicks = 'on';
      fitOnResize(div);
    }
    drawCount += 1;
    div.dataset.draws = String(drawCount);
    div.dataset.expr = s.expr;
  }

  // Plotly sizes a plot to its box when first drawn, then only on a window resize; but a
  // plot's box also changes when the histograms come or go beside the heatmap, or the
  // layout switches to one column. Refit whenever the box changes.
  function fitOnResize(div) {
    if (typeof ResizeObserver !== 'function') return;
    new ResizeObserver(() => {
      if (div.layout && div.offsetParent !== null) window.Plotly.Plots.resize(div);
    }).observe(div);
  }

  // The per-channel histograms of item b, in a plot of their own beside the heatmap (below
  // it on a phone), so the heatmap's colorbar never lands on them.
  function drawHistograms(s) {
    const wrap = $('histogram-wrap');
    const div = $('histogram');
    if (!s.histograms) {
      wrap.hidden = true;
      $('plots').classList.remove('two');
      window.Plotly.purge(div);
      return;
    }
    wrap.hidden = false;
    $('plots').classList.add('two');
    if (!div.dataset.fit) {
      fitOnResize(div);
      div.dataset.fit = 'on';
    }
    const c = s.fixed[1];
    $('histogram-title').textContent = 'histogram of each channel of arr[' + s.fixed[0] + ']';
    const traces = s.histograms.map((h) => {
      const centers = h.counts.map((_, i) => (h.edges[i] + h.edges[i + 1]) / 2);
      return {
        type: 'bar', x: centers, y: h.counts,
        name: 'c=' + h.channel, opacity: h.channel === c ? 0.9 : 0.35,
        marker: { color: PALETTE[h.channel % PALETTE.length] },
        width: centers.length > 1 ? (centers[1] - centers[0]) : 1,
      };
    });
    window.Plotly.react(div, traces, {
      margin: { l: 50, r: 10, t: MODEBAR_ROOM, b: 50 },
      xaxis: { title: { text: 'value' } },
      yaxis: { title: { text: 'count' } },
      barmode: 'overlay',
      showlegend: true,
      legend: { orientation: 'h', x: 0, y: -0.3, yanchor: 'top' },
      paper_bgcolor: 'rgba(0,0,0,0)', plot_bgcolor: 'rgba(0,0,0,0)', font: { size: 12 },
    }, PLOT_CONFIG);
  }

  // ---- axis statistics -------------------------------------------------------------

  function setupStatsAxis(t, kept) {
    const sel = $('stats-axis');
    if (t.rank === 0) {
      sel.replaceChildren();
      sel.disabled = true;
      return;
    }
    sel.disabled = false;
    sel.replaceChildren(...t.axes.map((a) => el('option', { value: String(a.axis), text: axisLabel(t, a.axis) })));
    sel.value = kept ? kept.stats : '0';
  }

  async function loadStats(gen) {
    const t = state.tensor;
    const tbody = $('stats-table').querySelector('tbody');
    if (t.rank === 0) {
      $('stats-note').textContent = 'A 0-D tensor has no axis to reduce.';
      tbody.replaceChildren();
      window.Plotly.purge($('stats-plot'));
      return;
    }
    const axis = $('stats-axis').value;
    const s = await forGeneration(gen, api('GET', '/axis-stats?axis=' + axis));
    $('stats-note').textContent = 'Reduces axis ' + s.axis + ' (' + s.meaning + '); one entry per position of the kept shape '
      + fmtShape(s.shape) + ': ' + s.count.toLocaleString('en-US') + ' entries' + (s.count > 10 ? ', the first 10 listed' : '') + '.';
    const rows = [];
    for (let i = 0; i < Math.min(10, s.mean.length); i++) {
      rows.push(el('tr', {},
        el('td', { class: 'num', text: String(i) }),
        el('td', { class: 'num', text: fmtNum(s.mean[i]) }),
        el('td', { class: 'num', text: fmtNum(s.std[i]) }),
        el('td', { class: 'num', text: fmtNum(s.min[i]) }),
        el('td', { class: 'num', text: fmtNum(s.max[i]) }),
        el('td', { class: 'num', text: String(s.nan_count[i]) })));
    }
    tbody.replaceChildren(...rows);
    const x = s.mean.map((_, i) => i);
    window.Plotly.react($('stats-plot'), [
      { x, y: s.max, name: 'max', mode: 'lines', line: { color: '#bbb', width: 1 } },
      { x, y: s.min, name: 'min', mode: 'lines', line: { color: '#bbb', width: 1 }, fill: 'tonexty', fillcolor: 'rgba(180,180,180,0.2)' },
      { x, y: s.mean, name: 'mean', mode: 'lines', line: { color: '#2f5bd3', width: 2 } },
    ], {
      margin: { l: 45, r: 10, t: MODEBAR_ROOM, b: 35 },
      xaxis: { title: { text: 'position (flattened kept shape)' } },
      showlegend: true, legend: { orientation: 'h', x: 0, y: -0.25, yanchor: 'top' },
      paper_bgcolor: 'rgba(0,0,0,0)', plot_bgcolor: 'rgba(0,0,0,0)', font: { size: 11 },
    }, PLOT_CONFIG);
  }

  // ---- views -----------------------------------------------------------------------

  function kvRow(k, v, cls) {
    return el('tr', {}, el('th', { scope: 'row', text: k }), el('td', { class: cls || 'mono', text: v }));
  }

  function renderView(v) {
    $('view-out').hidden = false;
    $('view-expr').textContent = v.expr;
    const flags = Object.entries(v.flags).filter(([, on]) => on).map(([k]) => k.toUpperCase()).join(', ') || 'none';
    const rows = [
      kvRow('shape', v.shape_text),
      kvRow('strides (bytes)', '(' + v.strides.join(', ') + (v.strides.length === 1 ? ',' : '') + ')'),
      kvRow('strides (elements)', '(' + v.strides_elements.join(', ') + (v.strides_elements.length === 1 ? ',' : '') + ')'),
      kvRow('flags', flags),
      kvRow('np.shares_memory(view, arr)', String(v.shares_memory), v.shares_memory ? 'good' : 'bad'),
    ];
    if (v.copied !== null && v.copied !== undefined) {
      rows.push(kvRow('reshape had to copy', v.copied ? 'yes — a new array' : 'no — a view', v.copied ? 'bad' : 'good'));
    }
    $('view-facts').replaceChildren(...rows);
    $('view-note').textContent = v.note;
    $('write-index').value = v.shape.map(() => '0').join(', ');
  }

  async function applyView() {
    const v = await api('POST', '/view', { op: $('view-op').value, arg: $('view-arg').value, chain: $('view-chain').checked });
    hideError();
    $('write-out').textContent = '';
    renderView(v);
  }

  async function writeView() {
    const value = Number($('write-value').value);
    const w = await api('POST', '/view/write', { index: $('write-index').value, value: Number.isFinite(value) ? value : 0 });
    hideError();
    renderView(w.view);
    $('write-out').replaceChildren(
      el('code', { text: w.statement }), ' → ',
      el('span', { class: w.original_changed ? 'good' : 'bad', text: w.original_changed ? 'arr changed: ' : 'arr unchanged. ' }),
      ...w.changes.map((c) => el('code', { text: 'arr[' + c.index.join(', ') + ']: ' + c.before + ' → ' + c.after + ' ' })),
      ' ' + w.note);
    if (w.original_changed) {
      await render(await api('GET', '/tensor'));
    }
  }

  // ---- broadcasting ----------------------------------------------------------------

  async function broadcast() {
    const b = await api('POST', '/broadcast', { a: $('bc-a').value, b: $('bc-b').value });
    const n = b.columns.length;
    const cell = (v, clash) => el('td', { class: v === null ? 'pad' : (clash ? 'clash' : ''), text: v === null ? '1' : String(v) });
    const head = el('tr', {}, el('th', { text: '' }), ...b.columns.map((c) => el('th', { text: String(c.from_right) })));
    const ra = el('tr', {}, el('th', { text: 'a ' + b.a_text }), ...b.columns.map((c) => cell(c.a, c.clash)));
    const rb = el('tr', {}, el('th', { text: 'b ' + b.b_text }), ...b.columns.map((c) => cell(c.b, c.clash)));
    const rr = el('tr', { class: 'result' }, el('th', { text: 'result' }),
      ...b.columns.map((c) => el('td', { class: c.clash ? 'clash' : '', text: c.clash ? '✗' : String(c.out) })));
    const table = el('table', { class: 'align', 'aria-label': 'shapes aligned from the right' }, head, ra, rb, rr);
    const out = $('bc-out');
    const rules = el('ul', { class: 'hint' }, ...b.columns.map((c) => el('li', { text: 'axis ' + c.from_right + ': ' + c.rule })));
    if (b.result) {
      out.replaceChildren(table, el('p', {}, 'Aligned from the right (padded with 1). Result: ',
        el('span', { class: 'big good', text: b.result_text })), rules);
    } else {
      out.replaceChildren(table,
        el('p', {}, el('span', { class: 'bad', text: b.error.type + ': ' }), el('code', { text: b.error.message })),
        el('pre', { class: 'explain', text: b.error.hint }), rules);
    }
    if (n === 0) out.append(el('p', { class: 'hint', text: 'Two scalars broadcast to a scalar.' }));
  }

  // ---- loop vs fast ----------------------------------------------------------------

  // Both sides are Python, run in the tab's console process: the answer carries the code
  // exactly as it ran, so the page shows that and nothing else.
  function timingText(t) {
    return 'best ' + fmtNum(t.best_ms) + ' ms, median ' + fmtNum(t.median_ms) + ' ms ('
      + t.runs + (t.runs === 1 ? ' run)' : ' runs)');
  }

  async function twins() {
    const out = $('twins-out');
    const button = $('twins-apply');
    out.replaceChildren(el('p', { class: 'hint', text: 'Timing the Python loop and the NumPy call…' }));
    button.disabled = true;
    let r;
    try {
      r = await api('POST', '/twins', { op: $('twins-op').value });
    } catch (e) {
      out.replaceChildren();
      throw e;
    } finally {
      button.disabled = false;
    }
    const code = (id, label, text) => [
      el('h3', { class: 'twins-label', text: label }),
      el('pre', { class: 'code', id, 'data-language': 'python', text }),
    ];
    const ratio = r.too_small
      ? el('td', { id: 'twins-too-small', class: 'bad' }, r.too_small)
      : el('td', { id: 'twins-ratio', class: 'mono', 'data-ratio': String(r.speedup) },
        el('span', { class: 'big ' + (r.speedup > 1 ? 'good' : 'bad'), text: fmtNum(r.speedup) + '×' }),
        ' (best loop time over best fast time)');
    const agree = el('td', { id: 'twins-agree', class: r.agree ? 'good' : 'bad' },
      (r.agree ? 'yes' : 'NO') + ' (max |loop − fast| = ' + fmtNum(r.max_abs_diff)
      + ', tolerance ' + r.atol + ' + ' + r.rtol + '·|fast|'
      + (r.nonfinite_mismatches ? '; NaN/Inf in ' + r.nonfinite_mismatches + ' different places' : '') + ')');
    const row = (k, td) => el('tr', {}, el('th', { scope: 'row', text: k }), td);
    out.replaceChildren(
      el('p', { class: 'hint', id: 'twins-where', text: 'Timed in: ' + r.timed_in + '.' }),
      ...(r.note ? [el('p', { class: 'hint', text: r.note })] : []),
      ...code('twins-setup', 'setup (run once, not timed)', r.setup),
      ...code('twins-loop', 'loop (Python, timed)', r.loop_code),
      ...code('twins-fast', 'fast (one NumPy call, timed)', r.fast_code),
      ...(r.cut ? [el('p', { class: 'hint', id: 'twins-cut', text: 'X is ' + r.cut + '.' })] : []),
      el('table', { class: 'data kv' }, el('tbody', {},
        row('X', el('td', { class: 'mono', text: fmtShape(r.input_shape) })),
        row('loop time', el('td', { id: 'twins-loop-time', class: 'mono', 'data-best-ms': String(r.loop.best_ms) }, timingText(r.loop))),
        row('fast time', el('td', { id: 'twins-fast-time', class: 'mono', 'data-best-ms': String(r.fast.best_ms) }, timingText(r.fast))),
        row('speed-up', ratio),
        row('result shape', el('td', { class: 'mono', text: fmtShape(r.result_shape) })),
        row('agree', agree))));
  }

  // ---- console ---------------------------------------------------------------------

  async function showFromConsole(name) {
    try {
      const st = await changeTensor('POST', '/console/show', { name });
      hideError();
      await render(st);
    } catch (e) {
      showError(e);
    }
  }

  // Whether the tab's console holds anything of the learner's (variables from a run).
  let consoleUsed = false;

  // What Reset would take away from the learner, in words; empty when nothing.
  function resetLosses() {
    const losses = [];
    if (state && state.upload) losses.push('the uploaded file ' + state.upload.file);
    if (consoleUsed) losses.push("the console's variables and output");
    return losses;
  }

  async function runConsole() {
    const code = $('console-code').value;
    if (!code.trim()) return;
    consoleUsed = true;
    const button = $('console-run');
    button.disabled = true;
    $('console-status').textContent = 'running…';
    try {
      // The run may rebind arr: what the current render still has in flight is stale.
      supersede();
      const data = await runCode(code);
      const out = $('console-out');
      out.append(renderRun(code, data, showFromConsole));
      while (out.children.length > 20) out.firstChild.remove();
      out.lastChild.scrollIntoView({ block: 'nearest' });
      const n = data.diagnostics.length;
      $('console-status').textContent = (data.error ? data.error.py_type + ' · ' : 'done · ')
        + (n ? n + (n === 1 ? ' diagnostic' : ' diagnostics') : 'no diagnostics');
      // A run may write into arr (redraw it) or rebind it (a new array: fresh controls);
      // when it did not rebind arr, the learner's slice and stats axis stay.
      if (data.current_changed || !data.error) {
        await render(await api('GET', '/tensor'), !data.current_changed);
      } else {
        scheduleSlice(); // arr is as it was: redraw what a slider moved during the run
      }
    } finally {
      button.disabled = false;
    }
  }

  // ---- wiring ----------------------------------------------------------------------

  async function init() {
    examples = await api('GET', '/examples');
    $('version').textContent = 'v' + examples.version;
    // On a phone the sidebar's settings start folded, so the heatmap is on the first
    // screen; on a wider screen they are always open (and their summary is hidden).
    const narrow = window.matchMedia('(max-width: 760px)');
    const fitSettings = () => { $('settings').open = !narrow.matches; };
    fitSettings();
    narrow.addEventListener('change', fitSettings);
    $('dtype').replaceChildren(...examples.dtypes.map((d) => el('option', { value: d, text: d })));
    for (const r of document.querySelectorAll('input[name=rank]')) {
      r.addEventListener('change', guarded(async () => {
        const ex = examples.examples.find((e) => e.rank === Number(r.value));
        $('shape').value = fmtShape(ex.shape);
        setRank(ex.rank);
        await makeTensor();
      }));
    }
    for (const id of TYPED_FIELDS) $(id).addEventListener('input', () => { typedSince = true; });
    $('tensor-form').addEventListener('submit', guarded(makeTensor));
    // The dtype and the data source apply at once, as the rank buttons do (the numbers
    // beside them wait for Enter or "Make tensor", since a half-typed one is not meant).
    $('dtype').addEventListener('change', guarded(makeTensor));
    $('source').addEventListener('change', guarded(async () => {
      $('int-range').hidden = $('source').value !== 'integers';
      await makeTensor();
    }));
    // Picking a display axis that the other selector holds swaps the other one away.
    const onDisplayAxis = (changed, other) => guarded(async () => {
      if ($(changed).value === $(other).value) {
        const free = state.tensor.axes.find((a) => String(a.axis) !== $(changed).value);
        $(other).value = String(free.axis);
      }
      buildSliders(state.tensor);
      await Promise.all([loadSlice(generation), loadPixel(generation)]);
    });
    $('rows-axis').addEventListener('change', onDisplayAxis('rows-axis', 'cols-axis'));
    $('cols-axis').addEventListener('change', onDisplayAxis('cols-axis', 'rows-axis'));
    $('stats-axis').addEventListener('change', guarded(() => loadStats(generation)));
    $('upload').addEventListener('change', guarded(async () => {
      const f = $('upload').files[0];
      if (!f) return;
      const form = new FormData();
      form.append('file', f, f.name);
      $('upload-info').textContent = 'Reading ' + f.name + '…';
      try {
        const st = await changeTensor('POST', '/upload', form);
        hideError();
        await render(st);
      } finally {
        $('upload').value = '';
        if (state) renderUpload(state.upload);
      }
    }));
    $('choose').addEventListener('change', guarded(async () => {
      const st = await changeTensor('POST', '/upload/select', { index: Number($('choose').value) });
      hideError();
      await render(st);
    }));
    $('simulate-error').addEventListener('click', guarded(async () => {
      const r = await api('POST', '/simulate-error', {});
      showError(new ApiError(r.error), 'Simulated error: ' + r.code, r.text);
    }));
    $('reset').addEventListener('click', guarded(async () => {
      // The lesson's Reset restores valid defaults; what the learner made (an upload, the
      // console's variables) is not restored by anything, so say what goes and ask.
      const losses = resetLosses();
      if (losses.length && !window.confirm('Reset brings back the lesson\'s default tensor and '
          + 'also clears ' + losses.join(' and ') + '. Reset anyway?')) {
        return;
      }
      const st = await changeTensor('POST', '/reset', {});
      typedSince = false; // Reset brings back the defaults, in the sidebar too
      consoleUsed = false;
      hideError();
      $('view-out').hidden = true;
      $('view-arg').value = '';
      $('view-chain').checked = false;
      $('bc-out').replaceChildren();
      $('twins-out').replaceChildren();
      $('console-out').replaceChildren();
      $('console-status').textContent = 'a fresh console: arr is the tensor above';
      await render(st);
    }));
    $('error-close').addEventListener('click', hideError);
    $('view-form').addEventListener('submit', guarded(applyView));
    $('write-form').addEventListener('submit', guarded(writeView));
    $('bc-form').addEventListener('submit', guarded(broadcast));
    $('twins-form').addEventListener('submit', guarded(twins));
    $('console-form').addEventListener('submit', guarded(runConsole));
    $('console-code').addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) {
        ev.preventDefault();
        guarded(runConsole)();
      }
    });
    $('console-clear').addEventListener('click', () => $('console-out').replaceChildren());
    await render(await api('GET', '/tensor'));
    // A link may pick the example to open on: /?rank=4.
    const rank = new URLSearchParams(window.location.search).get('rank');
    const ex = examples.examples.find((e) => String(e.rank) === rank);
    if (ex) {
      $('shape').value = fmtShape(ex.shape);
      await makeTensor();
    }
    document.body.dataset.ready = 'true';
  }

  init().catch((e) => showError(e, 'The playground could not start'));
})();
