import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { demuxBuffer, firstTarEntry, followJsonStream, isNotFound, wrapEngineError } from './client.js';
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
    const refused = wrapEngineError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'listing containers', 1000);
    expect(refused).toBeInstanceOf(EngineError);
    expect(refused.message).toContain('while listing containers');
    const timeout = wrapEngineError(Object.assign(new Error('t'), { name: 'TimeoutError' }), 'reading engine info', 2000);
    expect(timeout.message).toBe('The engine did not answer within 2 s while reading engine info.');
    const missing = wrapEngineError(Object.assign(new Error('(HTTP code 404) no such container'), { statusCode: 404, json: { message: 'No such container: web' } }), 'inspecting container web', 1000);
    expect(missing.message).toBe('The engine refused inspecting container web: No such container: web');
    expect(isNotFound(missing)).toBe(true);
  });

  it('a pull the engine cannot take to a registry says so and what to check, whether the error came as a status or in-band', () => {
    const dns = 'Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on 10.0.0.53:53: no such host';
    const asStatus = wrapEngineError(Object.assign(new Error(`(HTTP code 500) server error - ${dns}`), { statusCode: 500, json: { message: dns } }), 'pulling busybox:latest', 1000) as EngineError;
    const inBand = wrapEngineError(new Error(dns), 'pulling busybox:latest', 1000) as EngineError;
    for (const e of [asStatus, inBand]) {
      expect(e.code).toBe('registry-unreachable');
      expect(e.message).toBe(`The engine could not reach the registry while pulling busybox:latest: ${dns}`);
      expect(e.tryThis).toContain('network connection');
    }
    const notFound = wrapEngineError(Object.assign(new Error('manifest unknown'), { statusCode: 404, json: { message: 'manifest for busybox:nope not found: manifest unknown' } }), 'pulling busybox:nope', 1000) as EngineError;
    expect(notFound.code).toBe('api');
  });
});
