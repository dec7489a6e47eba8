/**
 * The finder against the real world: real env, real files, dockerode pinging for real.
 *
 * Finding a running engine needs one: without it that part skips with its reason in the
 * test name, unless DOJO_REQUIRE_ENGINE=1 (CI with an engine), where it fails instead.
 * The failure stories need no engine — they point at sockets that do not exist — so they always run.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeError, EngineError } from '../errors.js';
import { contextDirName } from './contexts.js';
import { dockerodeOptions, dockerodePinger, findEngine, realFinderDeps, type FinderDeps } from './find.js';

const required = process.env.DOJO_REQUIRE_ENGINE === '1';
const probe = await findEngine({ ...realFinderDeps(), ping: dockerodePinger }).then(
  (result) => ({ result, problem: undefined }),
  (error: unknown) => ({ result: undefined, problem: describeError(error) }),
);
const skipReason = probe.problem && !required ? `skipped, no engine answers: ${probe.problem}` : undefined;
if (skipReason) {
  console.warn(`\n⚠ find.integration: ${skipReason}\n  Set DOJO_REQUIRE_ENGINE=1 to make this a failure.\n`);
}

describe.skipIf(skipReason !== undefined)(`finding the real engine${skipReason ? ` (${skipReason})` : ''}`, () => {
  it('finds an engine that answers, and says why it chose it', async () => {
    const { endpoint, tried } = await findEngine({ ...realFinderDeps(), ping: dockerodePinger });
    expect(endpoint.host).toMatch(/^(unix|npipe|tcp|ssh):\/\//);
    expect(endpoint.reason).not.toBe('');
    expect(tried.at(-1)).toEqual({ endpoint });
  });

  it('the chosen endpoint gives dockerode a working client', async () => {
    const { endpoint } = await findEngine({ ...realFinderDeps(), ping: dockerodePinger });
    const { default: Docker } = await import('dockerode');
    const version = await new Docker(dockerodeOptions(endpoint, 2000)).version();
    expect(version.ApiVersion).toMatch(/^\d+\.\d+$/);
  });
});

describe('real failures are reported with the place that failed', () => {
  let configDir: string;

  /** The real world, except for the variables a learner might have set. */
  function realWith(env: NodeJS.ProcessEnv): FinderDeps {
    const real = realFinderDeps();
    const { DOCKER_HOST: _host, DOCKER_CONTEXT: _context, DOCKER_CONFIG: _config, ...rest } = real.env;
    return { ...real, env: { ...rest, ...env } };
  }

  beforeAll(() => {
    configDir = mkdtempSync(join(tmpdir(), 'dojo-docker-config-'));
    const metaDir = join(configDir, 'contexts', 'meta', contextDirName('dead'));
    mkdirSync(metaDir, { recursive: true });
    writeFileSync(
      join(metaDir, 'meta.json'),
      JSON.stringify({ Name: 'dead', Metadata: {}, Endpoints: { docker: { Host: 'unix:///tmp/nothing.sock', SkipTLSVerify: false } } }),
    );
    writeFileSync(join(configDir, 'config.json'), JSON.stringify({ currentContext: 'dead' }));
  });

  afterAll(() => rmSync(configDir, { recursive: true, force: true }));

  it('DOCKER_HOST pointing at a socket that does not exist is "not running", with no fallback', async () => {
    const error = await findEngine({ ...realWith({ DOCKER_HOST: 'unix:///nonexistent.sock' }), ping: dockerodePinger }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).code).toBe('not-running');
    expect((error as EngineError).message).toContain('unix:///nonexistent.sock');
    expect((error as EngineError).tryThis).toContain('unset DOCKER_HOST');
  });

  it('a context (from config.json) whose endpoint is dead fails with that context named', async () => {
    const error = await findEngine({ ...realWith({ DOCKER_CONFIG: configDir }), ping: dockerodePinger }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).code).toBe('not-running');
    expect((error as EngineError).message).toContain('context "dead"');
    expect((error as EngineError).message).toContain('unix:///tmp/nothing.sock');
    expect((error as EngineError).tryThis).toContain('docker context use default');
  });

  it('a context named by DOCKER_CONTEXT with no meta.json is a dead context', async () => {
    const error = await findEngine({ ...realWith({ DOCKER_CONFIG: configDir, DOCKER_CONTEXT: 'gone' }), ping: dockerodePinger }).catch(
      (e: unknown) => e,
    );
    expect((error as EngineError).code).toBe('dead-context');
    expect((error as EngineError).message).toContain('context "gone"');
  });
});
