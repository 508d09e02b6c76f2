// ndplay's shared page code: the tab's session id (its own even in a duplicated tab), the JSON API, and the console's
// rendering (used by the playground's console panel and the failure-modes page).
// Exposed as window.Ndplay; the pages' own scripts load after it.
'use strict';

window.Ndplay = (() => {
  // ---- session and API -------------------------------------------------------------

  // Each tab has its own session id, kept in sessionStorage so that a reload or a visit to
  // /failure-modes and back keeps the tab's tensor and console. But Chromium's "Duplicate
  // tab" copies sessionStorage, so a duplicate would inherit the original's id and the two
  // tabs would drive one tensor. sessionStorage cannot tell the two apart, and neither can
  // window.name (browsers differ on copying it), so we ask the other live pages: each page
  // answers "who holds id X?" on a BroadcastChannel for its own id. An inherited id that a
  // live page still holds belongs to the original: the duplicate takes a fresh one.
  // Pages that are going away must not answer for the page replacing them: a reload
  // ('reload' navigation) never asks; a page stops answering from `beforeunload` (the
  // first event of a same-tab navigation, before the next page loads) until the learner
  // uses it again (a cancelled navigation) and closes its channel on `pagehide` (reopened
  // when it comes back from the back/forward cache). The question waits QUESTION_MS at
  // most, and only when an id was inherited by a page that was not reloaded.
  const KEY = 'ndplay-session';
  const QUESTION_MS = 150;
  const VALID = /^[A-Za-z0-9_-]{8,64}$/;

  function freshId() {
    const bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return 'tab-' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  }

  function navigationType() {
    try {
      const nav = performance.getEntriesByType('navigation')[0];
      return nav ? nav.type : 'navigate';
    } catch (_) {
      return 'navigate';
    }
  }

  // Resolves true when another live page answers that it holds `id`.
  function heldElsewhere(id) {
    if (typeof BroadcastChannel !== 'function') return Promise.resolve(false);
    return new Promise((resolve) => {
      const ch = new BroadcastChannel(KEY);
      const done = (held) => { clearTimeout(timer); ch.close(); resolve(held); };
      const timer = setTimeout(() => done(false), QUESTION_MS);
      ch.onmessage = (ev) => { if (ev.data && ev.data.held === id) done(true); };
      ch.postMessage({ who: id });
    });
  }

  // Answers for this page's id while the page is live.
  function answerFor(id) {
    if (typeof BroadcastChannel !== 'function') return;
    let ch = null;
    let leaving = false;
    const open = () => {
      ch = new BroadcastChannel(KEY);
      ch.onmessage = (ev) => {
        if (!leaving && ev.data && ev.data.who === id) ch.postMessage({ held: id });
      };
    };
    open();
    window.addEventListener('beforeunload', () => { leaving = true; });
    for (const type of ['pointerdown', 'keydown']) {
      window.addEventListener(type, () => { leaving = false; }, true);
    }
    window.addEventListener('pagehide', () => { if (ch) { ch.close(); ch = null; } });
    window.addEventListener('pageshow', (ev) => { if (ev.persisted && !ch) { leaving = false; open(); } });
  }

  async function sessionId() {
    let id = null;
    try { id = window.sessionStorage.getItem(KEY); } catch (_) { id = null; }
    const inherited = id && VALID.test(id);
    if (!inherited || (navigationType() !== 'reload' && await heldElsewhere(id))) {
      id = freshId();
      try { window.sessionStorage.setItem(KEY, id); } catch (_) { /* private mode: one id per load */ }
    }
    answerFor(id);
    return id;
  }
  const SESSION = sessionId();

  class ApiError extends Error {
    constructor(body) {
      super(body.message || 'request failed');
      this.body = body;
    }
  }

  async function api(method, path, body) {
    const opts = { method, headers: { 'x-ndplay-session': await SESSION } };
    if (body instanceof FormData) {
      opts.body = body;
    } else if (body !== undefined) {
      opts.headers['content-type'] = 'application/json';
      opts.body = JSON.stringify(body);
    }
    let res;
    try {
      res = await fetch('/api' + path, opts);
    } catch (e) {
      throw new ApiError({ kind: 'network', message: 'The ndplay server did not answer.', hint: 'Is `ndplay serve` still running?' });
    }
    let data = null;
    try { data = await res.json(); } catch (_) { data = null; }
    if (!res.ok) {
      throw new ApiError((data && data.error) || { status: res.status, message: 'HTTP ' + res.status, hint: '' });
    }
    return data;
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'class') node.className = v;
      else if (k === 'text') node.textContent = v;
      else node.setAttribute(k, v);
    }
    for (const c of children) node.append(c);
    return node;
  }

  function fmtShape(shape) {
    if (shape.length === 0) return '()';
    if (shape.length === 1) return '(' + shape[0] + ',)';
    return '(' + shape.join(', ') + ')';
  }

  // ---- console runs ----------------------------------------------------------------

  // One line of the cell, with the sub-expressions that diagnostics point at marked.
  function codeLine(text, marks) {
    const line = el('div', { class: 'code-line' });
    let at = 0;
    const spans = marks
      .filter((m) => m.col !== null && m.col !== undefined)
      .map((m) => [m.col, m.end_col === null || m.end_col === undefined ? text.length : m.end_col])
      .sort((a, b) => a[0] - b[0]);
    for (const [from, to] of spans) {
      if (from < at) continue; // overlapping marks: the first wins
      line.append(text.slice(at, from));
      line.append(el('mark', { class: 'diag-mark', text: text.slice(from, to) }));
      at = to;
    }
    line.append(text.slice(at) || (at === 0 ? ' ' : ''));
    return line;
  }

  function diagnosticBox(d) {
    const where = d.line ? 'line ' + d.line : 'in this run';
    return el('div', { class: 'diag', 'data-kind': d.kind, role: 'note' },
      el('div', { class: 'diag-head' },
        el('strong', { text: 'ndplay warning · ' + d.kind }),
        el('span', { text: ' ' + where + (d.count > 1 ? ' · ' + d.count + ' times' : '') })),
      el('pre', { class: 'diag-text', text: d.text }));
  }

  // A run as the console panel shows it: the cell with each diagnostic under the line
  // that caused it, then what was printed, the value, the error, the arrays it bound.
  function renderRun(code, data, onShow) {
    const box = el('div', { class: 'run', 'data-testid': 'console-run' });
    const lines = code.replace(/\n$/, '').split('\n');
    const listing = el('div', { class: 'code-listing' });
    lines.forEach((text, i) => {
      const here = data.diagnostics.filter((d) => d.line === i + 1);
      listing.append(codeLine(text, here));
      for (const d of here) listing.append(diagnosticBox(d));
    });
    // Diagnostics without a line (raised outside the cell's own code) go at the end.
    for (const d of data.diagnostics.filter((x) => !x.line || x.line > lines.length)) {
      listing.append(diagnosticBox(d));
    }
    box.append(listing);
    if (data.stdout) box.append(el('pre', { class: 'run-stdout', text: data.stdout }));
    if (data.result !== null && data.result !== undefined) {
      box.append(el('pre', { class: 'run-result', text: data.result }));
    }
    if (data.error) {
      const e = data.error;
      const text = e.traceback + (e.hint ? '\nndplay: ' + e.hint : '');
      box.append(el('pre', { class: 'run-error', 'data-kind': e.kind, text }));
    }
    if (data.note) box.append(el('p', { class: 'note', text: data.note }));
    if (data.tensors.length > 0) {
      const list = el('div', { class: 'run-tensors' }, el('span', { class: 'hint', text: 'arrays: ' }));
      for (const t of data.tensors) {
        const label = t.name + ' ' + fmtShape(t.shape) + ' ' + t.dtype + (t.shares_memory_with_arr && t.name !== 'arr' ? ' · shares memory with arr' : '');
        const chip = el('button', { type: 'button', class: 'tensor-chip', 'data-name': t.name, text: label });
        if (onShow) chip.addEventListener('click', () => onShow(t.name));
        else chip.disabled = true;
        list.append(chip);
      }
      box.append(list);
    }
    return box;
  }

  // Runs `code` in the tab's console; an API failure becomes a run with that error.
  async function runCode(code) {
    try {
      return await api('POST', '/console', { code });
    } catch (e) {
      const b = e instanceof ApiError ? e.body : { message: String(e), hint: '' };
      return {
        stdout: '', result: null, diagnostics: [], tensors: [], note: null, current_changed: false,
        error: { kind: 'request', py_type: 'ndplay', message: b.message, hint: b.hint, traceback: 'ndplay: ' + b.message, line: null },
      };
    }
  }

  // `session()` resolves to this tab's session id.
  return { session: () => SESSION, ApiError, api, el, fmtShape, renderRun, runCode };
})();
