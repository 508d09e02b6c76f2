// The failure-modes page: the catalogue from GET /api/failure-modes, each buggy cell and
// its fix runnable in the tab's console (POST /api/console).
'use strict';

(() => {
  const { api, el, renderRun, runCode } = window.Ndplay;

  function cell(label, code, testid) {
    const out = el('div', { class: 'console-out' });
    const button = el('button', { type: 'button', class: testid === 'run-buggy' ? 'danger' : 'primary', 'data-testid': testid, text: 'Run ' + label });
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        out.replaceChildren(renderRun(code, await runCode(code), null));
      } finally {
        button.disabled = false;
      }
    });
    return el('div', { class: 'cell' },
      el('div', { class: 'controls' }, el('strong', { text: label }), button),
      el('pre', { class: 'code', text: code }),
      out);
  }

  async function init() {
    const cases = await api('GET', '/failure-modes');
    const root = document.getElementById('cases');
    root.replaceChildren(...cases.map((c, i) => el('section', { class: 'card case', id: 'case-' + i, 'data-case': String(i), 'data-kind': c.kind },
      el('h2', { text: c.title }),
      el('p', { class: 'hint', text: 'diagnostic: ' + c.kind }),
      el('p', { text: c.story }),
      el('div', { class: 'grid2' },
        cell('the bug', c.buggy, 'run-buggy'),
        cell('the fix', c.fixed, 'run-fixed')))));
    document.body.dataset.ready = 'true';
  }

  init().catch((e) => {
    document.getElementById('cases').replaceChildren(el('p', { class: 'bad', text: 'The cases could not load: ' + e.message }));
  });
})();
