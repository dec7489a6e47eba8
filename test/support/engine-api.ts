/**
 * The Engine API in-process, for the tests' own reads and clean-up around a proof: what the
 * docker CLI would ask for, without a process (and its plugin scan) per question. A plain
 * dockerode client, not the tutor's engine port, so a test's view of the engine stays its own.
 * What a learner types, and the tutor's own answers, still go through the real binaries.
 */
import Docker from 'dockerode';
import { dockerodeOptions, dockerodePinger, findEngine, realFinderDeps } from '../../src/engine/find.js';

let client: Promise<Docker> | undefined;

/** One client for the test file, on the engine the docker CLI and the tutor would find. */
export function engineApi(): Promise<Docker> {
  client ??= findEngine({ ...realFinderDeps(), ping: dockerodePinger }).then((found) => new Docker(dockerodeOptions(found.endpoint, 60_000)));
  return client;
}

/** The engine's answer, or undefined when it has no such object (404). */
export async function orMissing<T>(request: Promise<T>): Promise<T | undefined> {
  try {
    return await request;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return undefined;
    throw error;
  }
}

export type ObjectKind = 'container' | 'image' | 'volume' | 'network' | 'service';

/** What `docker KIND inspect NAME` shows, or undefined when there is none. */
export async function inspectObject(kind: ObjectKind, name: string): Promise<any> {
  const api = await engineApi();
  switch (kind) {
    case 'container': return orMissing(api.getContainer(name).inspect());
    case 'image': return orMissing(api.getImage(name).inspect());
    case 'volume': return orMissing(api.getVolume(name).inspect());
    case 'network': return orMissing(api.getNetwork(name).inspect());
    case 'service': {
      // Not in swarm mode the engine answers 503: then there is no such service either.
      try {
        return await orMissing(api.getService(name).inspect());
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode === 503) return undefined;
        throw error;
      }
    }
  }
}

export const objectExists = async (kind: ObjectKind, name: string) => (await inspectObject(kind, name)) !== undefined;
