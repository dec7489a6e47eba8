/**
 * docker-modem's bugs are patched in node_modules (patches/, applied by patch-package on `npm ci`),
 * so the code these tests load is the code the bundle holds. Each probe runs in a Node of its own:
 * deprecation warnings are printed once per process.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT } from './support/cli.js';

function probe(body: string): { warnings: string[]; inspected: number } {
  const script = `
const util = require('util');
let inspected = 0;
const inspect = util.inspect;
util.inspect = function () { inspected++; return inspect.apply(this, arguments); };
const warnings = [];
process.on('warning', (w) => warnings.push(w.code || w.name));
const Modem = require('docker-modem');
${body}
`;
  const out = execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, DEBUG: '' }, timeout: 20_000 });
  return JSON.parse(out);
}

const DIAL = `
new Promise((done) => modem.dial({ path: '/_ping', method: 'GET', statusCodes: { 200: true } }, () => done()))
  .then(() => setTimeout(() => process.stdout.write(JSON.stringify({ warnings, inspected })), 50));
`;

describe("docker-modem as the tests and the bundle load it", () => {
  it('formats a request for its debug line only when that debug output is on', () => {
    const result = probe(`const modem = new Modem({ socketPath: '/nonexistent/docker.sock' });\n${DIAL}`);
    expect(result.inspected).toBe(0);
  });

  it('builds an ssh:// engine address that Node does not warn about', () => {
    // Port 1 refuses at once; the address is built (and parsed) before the connection is tried.
    const result = probe(`const modem = new Modem({ protocol: 'ssh', host: '127.0.0.1', port: 1, username: 'nobody', sshOptions: { readyTimeout: 2000 } });\n${DIAL}`);
    expect(result.warnings).toEqual([]);
  });
});
