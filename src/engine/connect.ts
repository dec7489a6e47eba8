/** Finds the engine and opens one dockerode client for the whole run (dockerode is loaded only here). */
import { DockerodeClient, DEFAULT_TIMEOUT_MS } from './client.js';
import type { EngineClient } from './port.js';
import { dockerodeOptions, dockerodePinger, findEngine, realFinderDeps, type FindResult } from './find.js';

export interface Connection {
  client: EngineClient;
  found: FindResult;
}

export async function connectEngine(options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<Connection> {
  const deps = { ...realFinderDeps(), ...(options.env ? { env: options.env } : {}) };
  const found = await findEngine({ ...deps, ping: dockerodePinger });
  const { default: Docker } = await import('dockerode');
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const docker = new Docker(dockerodeOptions(found.endpoint, timeoutMs));
  return { client: new DockerodeClient(docker, timeoutMs, found.endpoint), found };
}
