import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { classifyEngineError } from './classify.js';
import { demuxBuffer, firstTarEntry, followJsonStream, isNotFound } from './client.js';
import type { EngineEndpoint } from './endpoint.js';
import { EngineError } from '../errors.js';

const frame = (stream: number, text: string) => {
  const body = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
};

describe('engine stream helpers', () => {
  it('splits multiplexed stdout and stderr frames', () => {
    const frames = demuxBuffer(Buffer.concat([frame(1, 'out 1\n'), frame(2, 'err\n'), frame(1, 'out 2\n')]));
    expect(frames).toEqual([
      { stream: 1, text: 'out 1\n' },
      { stream: 2, text: 'err\n' },
      { stream: 1, text: 'out 2\n' },
    ]);
  });

  it('passes a TTY (unframed) stream through as stdout', () => {
    expect(demuxBuffer(Buffer.from('plain text from a tty\n'))).toEqual([{ stream: 1, text: 'plain text from a tty\n' }]);
  });

  it('reads the first file of a tar archive', () => {
    const header = Buffer.alloc(512);
    header.write('note.txt', 0);
    header.write('00000000013\0', 124); // 11 bytes, octal
    const tar = Buffer.concat([header, Buffer.from('hello world'), Buffer.alloc(512 - 11), Buffer.alloc(1024)]);
    expect(firstTarEntry(tar, 1024)).toBe('hello world');
    expect(firstTarEntry(tar, 5)).toBe('hello');
  });

  it('an in-band {"error": …} in a pull stream fails the pull instead of passing silently', async () => {
    const stream = new PassThrough();
    const seen: unknown[] = [];
    const done = followJsonStream(stream, (event) => {
      seen.push(event);
      if ((event as { error?: string }).error) throw new Error((event as { error: string }).error);
    });
    stream.write('{"status":"Pulling from library/alpine","id":"3.20"}\n{"status":"Downloading","progressDetail":{"current":10,"total":100}}\n');
    stream.end('{"errorDetail":{"message":"manifest unknown"},"error":"manifest unknown"}\n');
    await expect(done).rejects.toThrow('manifest unknown');
    expect(seen).toHaveLength(3);
  });

  it('a progress line split across chunks is parsed whole', async () => {
    const stream = new PassThrough();
    const seen: unknown[] = [];
    const done = followJsonStream(stream, (event) => seen.push(event));
    stream.write('{"status":"Down');
    stream.end('loading"}\n{"status":"Done"}');
    await done;
    expect(seen).toEqual([{ status: 'Downloading' }, { status: 'Done' }]);
  });

  it('wraps engine failures with what was being done and a fix', () => {
    const refused = classifyEngineError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), { doing: 'listing containers', timeoutMs: 1000 });
    expect(refused).toBeInstanceOf(EngineError);
    expect(refused.message).toContain('while listing containers');
    expect(refused.code).toBe('not-running');
    const timeout = classifyEngineError(Object.assign(new Error('t'), { name: 'TimeoutError' }), { doing: 'reading engine info', timeoutMs: 2000 });
    expect(timeout.message).toBe('Docker did not answer within 2 s at the engine while reading engine info.');
    const missing = classifyEngineError(Object.assign(new Error('(HTTP code 404) no such container'), { statusCode: 404, json: { message: 'No such container: web' } }), { doing: 'inspecting container web', timeoutMs: 1000 });
    expect(missing.message).toBe('The engine refused inspecting container web: No such container: web');
    expect(isNotFound(missing)).toBe(true);
  });

  it('a pull the engine cannot take to a registry says so and what to check, whether the error came as a status or in-band', () => {
    const dns = 'Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on 10.0.0.53:53: no such host';
    const asStatus = classifyEngineError(Object.assign(new Error(`(HTTP code 500) server error - ${dns}`), { statusCode: 500, json: { message: dns } }), { doing: 'pulling busybox:latest', timeoutMs: 1000 }) as EngineError;
    const inBand = classifyEngineError(new Error(dns), { doing: 'pulling busybox:latest', timeoutMs: 1000 }) as EngineError;
    for (const e of [asStatus, inBand]) {
      expect(e.code).toBe('registry-unreachable');
      expect(e.message).toBe(`The engine could not reach the registry while pulling busybox:latest: ${dns}`);
      expect(e.tryThis).toContain('network connection');
    }
    const notFound = classifyEngineError(Object.assign(new Error('manifest unknown'), { statusCode: 404, json: { message: 'manifest for busybox:nope not found: manifest unknown' } }), { doing: 'pulling busybox:nope', timeoutMs: 1000 }) as EngineError;
    expect(notFound.code).toBe('api');
  });

  it('names the engine it found and the fix for that engine when a later call fails', () => {
    const colima: EngineEndpoint = { host: 'unix:///Users/me/.colima/default/docker.sock', source: 'socket', reason: "Colima's socket ~/.colima/default/docker.sock", owner: 'colima' };
    const stopped = classifyEngineError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), { endpoint: colima, doing: 'listing containers', timeoutMs: 10_000 });
    expect(stopped.message).toBe("Docker is not answering at Colima's socket ~/.colima/default/docker.sock while listing containers: the connection was refused, so the daemon behind it is stopped.");
    expect(stopped.tryThis).toBe('Start Colima: `colima start`.');
    const slow = classifyEngineError(Object.assign(new Error('t'), { name: 'TimeoutError' }), { endpoint: colima, doing: 'listing containers', timeoutMs: 10_000 });
    expect(slow.message).toBe("Docker did not answer within 10 s at Colima's socket ~/.colima/default/docker.sock while listing containers.");
    // A registry's certificate problem during a pull is the engine's refusal, not a TLS problem with the engine.
    const x509 = classifyEngineError(Object.assign(new Error('(HTTP code 500) server error'), { statusCode: 500, json: { message: 'x509: certificate signed by unknown authority' } }), { endpoint: colima, doing: 'pulling web:1' });
    expect(x509.code).toBe('api');
    expect(x509.message).toBe('The engine refused pulling web:1: x509: certificate signed by unknown authority');
  });
});
