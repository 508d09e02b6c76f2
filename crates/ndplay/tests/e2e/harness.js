// What the browser tests and the screenshot script share: where Chromium and the ndplay
// binary are, and starting `ndplay serve` on a free port.
'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

function ndplayBinary() {
  if (process.env.NDPLAY_BIN) return process.env.NDPLAY_BIN;
  const target = process.env.CARGO_TARGET_DIR || path.join(ROOT, 'target');
  for (const profile of ['debug', 'release']) {
    const p = path.join(target, profile, 'ndplay');
    if (fs.existsSync(p)) return p;
  }
  throw new Error('no ndplay binary: run `cargo build -p ndplay` or set NDPLAY_BIN');
}

// Starts `ndplay serve --port 0` and resolves with its URL, read from the startup line.
function startServer() {
  return new Promise((resolve, reject) => {
    const child = spawn(ndplayBinary(), ['serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const srv = { child, url: null, output: '', exit: null };
    srv.exited = new Promise((done) => child.once('exit', (code, signal) => {
      srv.exit = { code, signal };
      done(srv.exit);
    }));
    const timer = setTimeout(() => reject(new Error('ndplay did not start: ' + srv.output)), 20000);
    child.stdout.on('data', (chunk) => {
      srv.output += chunk;
      const m = srv.output.match(/listening on (http:\/\/127\.0\.0\.1:\d+\/)/);
      if (m && !srv.url) {
        clearTimeout(timer);
        srv.url = m[1];
        resolve(srv);
      }
    });
    child.stderr.on('data', (chunk) => { srv.output += chunk; });
    srv.exited.then((e) => reject(new Error('ndplay exited with ' + JSON.stringify(e) + ': ' + srv.output)));
  });
}

module.exports = { ROOT, CHROMIUM, FLAGS, ndplayBinary, startServer };
