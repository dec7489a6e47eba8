/**
 * A plain HTTP GET for probes on this machine (published ports, local registries).
 * node:http rather than fetch: fetch's first call compiles a parser, which costs a learner
 * a noticeable pause on every `check` that probes a port.
 */
import http from 'node:http';

export interface HttpAnswer {
  status: number;
  body: string;
}

export function httpGet(url: string, timeoutMs: number, maxBytes = 64 * 1024): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { timeout: timeoutMs, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        if (size < maxBytes) chunks.push(chunk);
        size += chunk.length;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8').slice(0, maxBytes) }));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(Object.assign(new Error(`no answer within ${timeoutMs / 1000} s`), { code: 'ETIMEDOUT' })));
    request.on('error', reject);
  });
}
