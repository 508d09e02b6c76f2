// ndplay's shared page code: the tab's session id, the JSON API, and the console's
// rendering (used by the playground's console panel and the failure-modes page).
// Exposed as window.Ndplay; the pages' own scripts load after it.
'use strict';

window.Ndplay = (() => {
  // ---- session and API -------------------------------------------------------------

  function sessionId() {
    const key = 'ndplay-session';
    let id = null;
    try { id = window.sessionStorage.getItem(key); } catch (_) { id = null; }
    if (!id || !/^[A-Za-z0-9_-]{8,64}$/.test(id)) {
      const bytes = new Uint8Array(16);
      window.crypto.getRandomValues(bytes);
      id = 'tab-' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
      try { window.sessionStorage.setItem(key, id); } catch (_) { /* private mode: one id per load */ }
    }
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
    const opts = { method, headers: { 'x-ndplay-session': SESSION } };
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

  return { SESSION, ApiError, api, el, fmtShape, renderRun, runCode };
})();
