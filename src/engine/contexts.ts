import { createHash } from 'node:crypto';
import createDebug from 'debug';
import { describeError, EngineError } from '../errors.js';
import { parseDockerHost } from './docker-host.js';
import { dockerConfigDir, pathsFor, tildify, type EngineEndpoint, type FinderDeps } from './endpoint.js';

const debug = createDebug('docker-dojo:engine');

/** A context chosen by name, and where the name came from (the CLI's precedence). */
export interface ContextChoice {
  name: string;
  from: 'DOCKER_CONTEXT' | 'config.json';
  /** Path of config.json, when that is where the name came from. */
  configPath?: string;
}

/**
 * DOCKER_CONTEXT wins over `currentContext` in config.json; "default" (or nothing) means
 * "no context": the caller goes on to the default sockets.
 */
export function chooseContext(deps: FinderDeps): ContextChoice | undefined {
  const fromEnv = deps.env.DOCKER_CONTEXT?.trim();
  if (fromEnv) return fromEnv === 'default' ? undefined : { name: fromEnv, from: 'DOCKER_CONTEXT' };

  const configPath = pathsFor(deps.platform).join(dockerConfigDir(deps), 'config.json');
  if (!deps.fileExists(configPath)) return undefined;
  let currentContext: unknown;
  try {
    currentContext = (JSON.parse(deps.readFile(configPath)) as { currentContext?: unknown } | null)?.currentContext;
  } catch (error) {
    // The CLI warns about a broken config.json and carries on with the default context.
    debug('ignoring unreadable %s: %s', configPath, describeError(error));
    return undefined;
  }
  if (typeof currentContext !== 'string' || currentContext === '' || currentContext === 'default') return undefined;
  return { name: currentContext, from: 'config.json', configPath };
}

/** The CLI stores a context under the sha256 of its name, so any name is a safe directory. */
export function contextDirName(name: string): string {
  return createHash('sha256').update(name).digest('hex');
}

interface ContextMeta {
  Name?: unknown;
  Endpoints?: { docker?: { Host?: unknown; SkipTLSVerify?: unknown } };
}

/**
 * Reads `contexts/meta/<sha256>/meta.json` and turns its docker endpoint into an
 * EngineEndpoint, with TLS material from `contexts/tls/<sha256>/docker/` when present.
 */
export function contextEndpoint(choice: ContextChoice, deps: FinderDeps): EngineEndpoint {
  const paths = pathsFor(deps.platform);
  const configDir = dockerConfigDir(deps);
  const id = contextDirName(choice.name);
  const metaPath = paths.join(configDir, 'contexts', 'meta', id, 'meta.json');
  const fromWhere = choice.from === 'DOCKER_CONTEXT' ? 'DOCKER_CONTEXT' : `currentContext in ${tildify(choice.configPath ?? 'config.json', deps)}`;
  const reason = `context "${choice.name}" (from ${fromWhere})`;
  const goBackCommand = choice.from === 'DOCKER_CONTEXT' ? '`unset DOCKER_CONTEXT`' : '`docker context use default`';
  const goBack =
    choice.from === 'DOCKER_CONTEXT'
      ? `Run ${goBackCommand} to go back to the default context, or set it to a name from \`docker context ls\`.`
      : `Run ${goBackCommand} to go back to the default context, or pick one from \`docker context ls\`.`;
  const dead = (problem: string): never => {
    throw new EngineError('dead-context', `The Docker ${reason} ${problem}.`, goBack);
  };

  if (!deps.fileExists(metaPath)) dead(`no longer exists: there is no ${tildify(metaPath, deps)}`);
  let meta: ContextMeta;
  try {
    meta = JSON.parse(deps.readFile(metaPath)) as ContextMeta;
  } catch (error) {
    return dead(`cannot be read: ${tildify(metaPath, deps)} is not valid JSON (${describeError(error)})`);
  }
  const docker = meta?.Endpoints?.docker;
  if (typeof docker?.Host !== 'string' || docker.Host.trim() === '') {
    return dead('has no Docker endpoint in its meta.json');
  }

  const skipVerify = docker.SkipTLSVerify === true;
  const tlsDir = paths.join(configDir, 'contexts', 'tls', id, 'docker');
  const material = existingTlsFiles(tlsDir, deps);
  const useTls = skipVerify || Object.keys(material).length > 0;
  const parsed = parseDockerHost(docker.Host, {
    origin: `The endpoint of context "${choice.name}"`,
    defaultTcpPort: useTls ? 2376 : 2375,
    tryThis: `Fix it with \`docker context update ${choice.name} --docker host=unix:///var/run/docker.sock\` (or another valid address), or run ${goBackCommand} to use the default context.`,
  });
  return {
    host: parsed.host,
    source: 'context',
    reason,
    contextName: choice.name,
    ...(parsed.scheme === 'tcp' && useTls ? { tls: { ...material, verify: !skipVerify } } : {}),
  };
}

/** ca.pem, cert.pem and key.pem in a directory — only the ones that exist. */
export function existingTlsFiles(dir: string, deps: FinderDeps): { ca?: string; cert?: string; key?: string } {
  const found: { ca?: string; cert?: string; key?: string } = {};
  for (const name of ['ca', 'cert', 'key'] as const) {
    const file = pathsFor(deps.platform).join(dir, `${name}.pem`);
    if (deps.fileExists(file)) found[name] = file;
  }
  return found;
}
