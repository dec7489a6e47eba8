/**
 * The built package leaves some dependencies out of its start-up chunks (scripts/build.mjs). What
 * is left out must still work when it is reached: each lazy module loads and does its job, and
 * what is cut away says so instead of failing somewhere obscure.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { ROOT } from './support/cli.js';

const requireFromDist = createRequire(path.join(ROOT, 'dist', 'chunks', 'x.js'));
const distChunks = () => readdirSync(path.join(ROOT, 'dist', 'chunks')).filter((f) => f.endsWith('.js'));

describe('the built package', () => {
  it("packs a build context with the lazily loaded tar-fs and honours .dockerignore's rules", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dojo-bundle-'));
    writeFileSync(path.join(dir, 'Dockerfile'), 'FROM busybox\n');
    writeFileSync(path.join(dir, 'secret.txt'), 'no\n');
    const tar = requireFromDist('../lazy/tar-fs.cjs') as { pack: (dir: string, o: object) => NodeJS.ReadableStream };
    const ignore = requireFromDist('../lazy/dockerignore.cjs') as (o: object) => { add: (p: string) => { ignores: (f: string) => boolean } };
    const rules = ignore({ ignorecase: false }).add('secret.txt');
    const chunks: Buffer[] = [];
    for await (const chunk of tar.pack(dir, { ignore: (name: string) => rules.ignores(path.relative(dir, name)) })) chunks.push(chunk as Buffer);
    const archive = Buffer.concat(chunks).toString('latin1');
    expect(archive).toContain('Dockerfile');
    expect(archive).toContain('FROM busybox');
    expect(archive).not.toContain('secret.txt');
  });

  it('reaches an ssh:// engine host through the lazily loaded SSH agent', async () => {
    // Port 1 on this machine refuses: the error must come from an SSH connection attempt.
    const result = await execa('node', [path.join(ROOT, 'bin/docker-dojo.js'), 'doctor'], {
      env: { DOCKER_HOST: 'ssh://nobody@127.0.0.1:1', NO_COLOR: '1' },
      reject: false,
      stdin: 'ignore',
      timeout: 30_000,
    });
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toContain('connect ECONNREFUSED 127.0.0.1:1');
    expect(`${result.stdout}${result.stderr}`).not.toMatch(/Cannot find module|is not a function/);
  }, 40_000);

  it('keeps ssh2, protobuf, tar and JSON-schema validation out of the chunks every command loads', () => {
    const code = distChunks()
      .map((f) => readFileSync(path.join(ROOT, 'dist', 'chunks', f), 'utf8'))
      .join('\n');
    expect(code).not.toContain('SSH-2.0-');
    expect(code).not.toContain('protobuf');
    expect(code).not.toContain('ustar');
    expect(code).not.toContain('$dynamicAnchor');
  });

  it("formats docker-modem's request debug line only when that debug output is on", () => {
    const code = distChunks()
      .map((f) => readFileSync(path.join(ROOT, 'dist', 'chunks', f), 'utf8'))
      .find((text) => text.includes('Sending: %s'));
    expect(code, 'no chunk holds docker-modem').toBeDefined();
    expect(code).toMatch(/(\.enabled\s*&&\s*|if\s*\(\s*\w+\.enabled\s*\)\s*)\w+\(\s*["']Sending: %s["']/);
  });

  it("says so if conf's left-out schema support is ever asked for", async () => {
    const chunk = distChunks().find((f) => readFileSync(path.join(ROOT, 'dist', 'chunks', f), 'utf8').includes('is built without conf'));
    expect(chunk, 'no chunk carries the stand-in for conf\'s validator').toBeDefined();
  });
});
