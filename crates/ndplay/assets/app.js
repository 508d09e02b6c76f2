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
  // ---- error panel -----------------------------------------------------------------

  function showError(err, title, code) {
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

  function tensorRequest() {
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
    const st = await api('POST', '/tensor', tensorRequest());
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

    if (t.origin.kind === 'generated') {
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
    await Promise.all([loadSlice(), loadStats()]);
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
  let drawCount = 0;

  function axisLabel(t, k) {
    return k + ' — ' + t.axes[k].meaning + ' (' + t.axes[k].length + ')';
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

  function buildSliders(t) {
    const rows = Number($('rows-axis').value);
    const cols = Number($('cols-axis').value);
    const box = $('sliders');
    box.replaceChildren();
    const names = t.rank === 4 && rows === 1 && cols === 2 ? { 0: 'b', 3: 'c' } : {};
    for (const a of t.axes) {
      if (a.axis === rows || a.axis === cols) continue;
      const id = 'slider-' + a.axis;
      const input = el('input', { type: 'range', id, min: '0', max: String(Math.max(0, a.length - 1)), value: '0', step: '1',
        'data-axis': String(a.axis), 'aria-label': (names[a.axis] ? names[a.axis] + ': ' : '') + 'index along axis ' + a.axis + ' (' + a.meaning + ')' });
      if (a.length === 0) input.disabled = true;
      const out = el('output', { for: id, text: '0' });
      input.addEventListener('input', () => {
        out.textContent = input.value;
        scheduleSlice();
      });
      box.append(el('label', { class: 'slider' },
        (names[a.axis] ? names[a.axis] + ' = ' : '') + 'axis ' + a.axis + ' (' + a.meaning + ')', input, out));
    }
  }

  function scheduleSlice() {
    if (sliceTimer) clearTimeout(sliceTimer);
    sliceTimer = setTimeout(() => { sliceTimer = null; loadSlice().catch(showError); }, 50);
  }

  async function loadSlice() {
    if (!state) return;
    const t = state.tensor;
    const seq = ++sliceSeq;
    let q = '';
    if (t.rank >= 2) {
      const fixed = Array.from($('sliders').querySelectorAll('input[type=range]')).map((s) => s.value);
      q = '?rows=' + $('rows-axis').value + '&cols=' + $('cols-axis').value + '&fixed=' + encodeURIComponent(fixed.join(','));
    }
    const s = await api('GET', '/slice' + q);
    if (seq !== sliceSeq) return; // a newer request is on its way
    drawHeatmap(s);
  }

  const PALETTE = ['#d62728', '#2ca02c', '#1f77b4', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f'];

  function drawHeatmap(s) {
    const div = $('heatmap');
    $('slice-expr').textContent = s.expr;
    const thin = s.step[0] > 1 || s.step[1] > 1;
    $('slice-note').textContent = (s.rank < 2
      ? (s.rank === 0 ? 'A scalar is one cell.' : 'A vector is shown as one row.')
      : 'Showing ' + s.expr + ', shape (' + s.shape.join(', ') + ').')
      + (thin ? ' Thinned: every ' + s.step.join(' × ') + ' cell, to keep the picture light.' : '');
    const heat = {
      type: 'heatmap', z: s.z, colorscale: 'Viridis', xaxis: 'x', yaxis: 'y',
      hovertemplate: 'row %{y}, col %{x}: %{z}<extra></extra>',
      x: s.z.length ? s.z[0].map((_, i) => i * s.step[1]) : [],
      y: s.z.map((_, i) => i * s.step[0]),
      colorbar: { thickness: 12 },
    };
    const layout = {
      margin: { l: 60, r: 20, t: 30, b: 50 },
      xaxis: { title: { text: s.x_label }, domain: [0, 1] },
      yaxis: { title: { text: s.y_label }, autorange: 'reversed' },
      paper_bgcolor: 'rgba(0,0,0,0)',
      plot_bgcolor: 'rgba(0,0,0,0)',
      font: { size: 12 },
    };
    const traces = [heat];
    if (s.histograms) {
      const c = s.fixed[1];
      layout.xaxis.domain = [0, 0.55];
      heat.colorbar.x = 0.57;
      layout.xaxis2 = { domain: [0.68, 1], anchor: 'y2', title: { text: 'value' } };
      layout.yaxis2 = { anchor: 'x2', title: { text: 'count' } };
      layout.barmode = 'overlay';
      layout.margin.t = 48; // room for the subplot titles under Plotly's tool bar
      layout.showlegend = true;
      layout.legend = { x: 1, xanchor: 'right', y: 1 };
      layout.annotations = [
        { text: s.expr, xref: 'paper', yref: 'paper', x: 0.27, y: 1.02, yanchor: 'bottom', showarrow: false, xanchor: 'center' },
        { text: 'histogram of each channel of arr[' + s.fixed[0] + ']', xref: 'paper', yref: 'paper', x: 0.84, y: 1.02, yanchor: 'bottom', showarrow: false, xanchor: 'center' },
      ];
      for (const h of s.histograms) {
        const centers = h.counts.map((_, i) => (h.edges[i] + h.edges[i + 1]) / 2);
        traces.push({
          type: 'bar', x: centers, y: h.counts, xaxis: 'x2', yaxis: 'y2',
          name: 'c=' + h.channel, opacity: h.channel === c ? 0.9 : 0.35,
          marker: { color: PALETTE[h.channel % PALETTE.length] },
          width: centers.length > 1 ? (centers[1] - centers[0]) : 1,
        });
      }
    }
    window.Plotly.react(div, traces, layout, { displaylogo: false, responsive: true });
    drawCount += 1;
    div.dataset.draws = String(drawCount);
    div.dataset.expr = s.expr;
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

  async function loadStats() {
    const t = state.tensor;
    const tbody = $('stats-table').querySelector('tbody');
    if (t.rank === 0) {
      $('stats-note').textContent = 'A 0-D tensor has no axis to reduce.';
      tbody.replaceChildren();
      window.Plotly.purge($('stats-plot'));
      return;
    }
    const axis = $('stats-axis').value;
    const s = await api('GET', '/axis-stats?axis=' + axis);
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
      margin: { l: 45, r: 10, t: 10, b: 35 },
      xaxis: { title: { text: 'position (flattened kept shape)' } },
      showlegend: true, legend: { orientation: 'h', y: 1.12 },
      paper_bgcolor: 'rgba(0,0,0,0)', plot_bgcolor: 'rgba(0,0,0,0)', font: { size: 11 },
    }, { displaylogo: false, responsive: true });
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

  async function twins() {
    const out = $('twins-out');
    out.replaceChildren(el('p', { class: 'hint', text: 'Running both…' }));
    const r = await api('POST', '/twins', { op: $('twins-op').value });
    out.replaceChildren(
      el('p', { class: 'hint' }, el('code', { text: r.input })),
      el('table', { class: 'data kv' }, el('tbody', {},
        kvRow('loop', r.loop_code),
        kvRow('fast', r.fast_code),
        kvRow('loop time', fmtNum(r.loop_ms) + ' ms'),
        kvRow('fast time', fmtNum(r.fast_ms) + ' ms'),
        kvRow('speed-up', fmtNum(r.speedup) + '×'),
        kvRow('result shape', fmtShape(r.result_shape)),
        kvRow('agree', (r.agree ? 'yes' : 'NO') + ' (max |loop − fast| = ' + fmtNum(r.max_abs_diff) + ', rtol ' + r.rtol
          + (r.nonfinite_mismatches ? '; NaN/Inf in ' + r.nonfinite_mismatches + ' different places' : '') + ')', r.agree ? 'good' : 'bad'))));
  }

  // ---- console ---------------------------------------------------------------------

  async function showFromConsole(name) {
    try {
      const st = await api('POST', '/console/show', { name });
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
      if (data.current_changed || !data.error) await render(await api('GET', '/tensor'), !data.current_changed);
    } finally {
      button.disabled = false;
    }
  }

  // ---- wiring ----------------------------------------------------------------------

  async function init() {
    examples = await api('GET', '/examples');
    $('version').textContent = 'v' + examples.version;
    $('dtype').replaceChildren(...examples.dtypes.map((d) => el('option', { value: d, text: d })));
    for (const r of document.querySelectorAll('input[name=rank]')) {
      r.addEventListener('change', guarded(async () => {
        const ex = examples.examples.find((e) => e.rank === Number(r.value));
        $('shape').value = fmtShape(ex.shape);
        setRank(ex.rank);
        await makeTensor();
      }));
    }
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
      await loadSlice();
    });
    $('rows-axis').addEventListener('change', onDisplayAxis('rows-axis', 'cols-axis'));
    $('cols-axis').addEventListener('change', onDisplayAxis('cols-axis', 'rows-axis'));
    $('stats-axis').addEventListener('change', guarded(loadStats));
    $('upload').addEventListener('change', guarded(async () => {
      const f = $('upload').files[0];
      if (!f) return;
      const form = new FormData();
      form.append('file', f, f.name);
      $('upload-info').textContent = 'Reading ' + f.name + '…';
      try {
        const st = await api('POST', '/upload', form);
        hideError();
        await render(st);
      } finally {
        $('upload').value = '';
        if (state) renderUpload(state.upload);
      }
    }));
    $('choose').addEventListener('change', guarded(async () => {
      const st = await api('POST', '/upload/select', { index: Number($('choose').value) });
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
      const st = await api('POST', '/reset', {});
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
