/**
 * Which world a learner is in: the image store the engine keeps images in, and the builder their
 * `docker build` runs. Both change what labs and lessons show (image IDs, pull progress, where a
 * FROM image goes), so `doctor` and the status bar name them.
 */
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EngineInfo } from './port.js';

export type ImageStore = 'containerd' | 'classic';

/** The containerd image store reports its snapshotter as driver-type in info's DriverStatus (Engine 24+). */
export function imageStoreOf(info: Pick<EngineInfo, 'Driver' | 'DriverStatus'>): ImageStore {
  const containerd = (info.DriverStatus ?? []).some(([key, value]) => key === 'driver-type' && /^io\.containerd\.snapshotter\./.test(value ?? ''));
  return containerd ? 'containerd' : 'classic';
}

/** "containerd image store (overlayfs)" or "classic image store (overlay2)". */
export function imageStoreLine(info: Pick<EngineInfo, 'Driver' | 'DriverStatus'>): string {
  return `${imageStoreOf(info)} image store${info.Driver ? ` (${info.Driver})` : ''}`;
}

export interface Builder {
  builder: 'BuildKit' | 'legacy';
  /** Why, in a learner's words: "the buildx plugin is installed", "DOCKER_BUILDKIT=0". */
  why: string;
}

export interface BuilderSurroundings {
  env: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  home?: string;
  exists?: (file: string) => boolean;
  readText?: (file: string) => string | undefined;
  /** The engine's OSType: a Windows engine only has the legacy builder. */
  osType?: string;
}

/**
 * The builder `docker build` uses, decided as the docker CLI (23 and later) decides it:
 * DOCKER_BUILDKIT when set; BuildKit when `builder` is aliased to buildx or the buildx plugin is
 * installed where the CLI looks for plugins; otherwise the legacy builder (which the CLI uses,
 * with a deprecation notice, when buildx is missing).
 */
export function builderOf(s: BuilderSurroundings): Builder {
  const exists = s.exists ?? existsSync;
  const readText = s.readText ?? ((file: string) => { try { return readFileSync(file, 'utf8'); } catch { return undefined; } });
  const platform = s.platform ?? process.platform;
  const flag = s.env.DOCKER_BUILDKIT?.trim();
  if (flag) {
    const on = /^(1|t|true)$/i.test(flag);
    return { builder: on ? 'BuildKit' : 'legacy', why: `DOCKER_BUILDKIT=${flag}` };
  }
  if (s.osType === 'windows') return { builder: 'legacy', why: 'a Windows engine' };
  const configDir = s.env.DOCKER_CONFIG || path.join(s.home ?? os.homedir(), '.docker');
  let config: { aliases?: Record<string, string>; cliPluginsExtraDirs?: string[] } = {};
  try {
    config = JSON.parse(readText(path.join(configDir, 'config.json')) ?? '{}');
  } catch {
    // An unreadable config is the CLI's problem to report; the plugin folders still count.
  }
  if (config.aliases?.builder) return { builder: 'BuildKit', why: `docker builder is aliased to ${config.aliases.builder}` };
  const name = platform === 'win32' ? 'docker-buildx.exe' : 'docker-buildx';
  const found = pluginDirs(configDir, config.cliPluginsExtraDirs ?? [], platform, s.env).map((dir) => path.join(dir, name)).find((file) => exists(file));
  return found ? { builder: 'BuildKit', why: `buildx plugin at ${found}` } : { builder: 'legacy', why: 'no buildx plugin found' };
}

/** Where the docker CLI looks for plugins, in its order. */
function pluginDirs(configDir: string, extra: string[], platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string[] {
  const system =
    platform === 'win32'
      ? [path.join(env.ProgramData ?? 'C:\\ProgramData', 'Docker', 'cli-plugins'), path.join(env.ProgramFiles ?? 'C:\\Program Files', 'Docker', 'cli-plugins')]
      : platform === 'darwin'
        ? ['/usr/local/lib/docker/cli-plugins', '/opt/homebrew/lib/docker/cli-plugins', '/Applications/Docker.app/Contents/Resources/cli-plugins']
        : ['/usr/local/lib/docker/cli-plugins', '/usr/local/libexec/docker/cli-plugins', '/usr/lib/docker/cli-plugins', '/usr/libexec/docker/cli-plugins'];
  return [...extra, path.join(configDir, 'cli-plugins'), ...system];
}

/** "BuildKit" or "legacy builder", for one line. */
export const builderName = (b: Builder) => (b.builder === 'BuildKit' ? 'BuildKit' : 'legacy builder');

export type Compose = { found: true; how: string } | { found: false; fix: string };

/** What learners on Linux install when Compose is missing; Docker Desktop ships it. */
export const COMPOSE_FIX =
  'Install the Compose plugin, so that `docker compose` works: Docker Desktop includes it; on Linux install the docker-compose-plugin package from Docker\'s apt or dnf repository (Debian 13 and Ubuntu 24.04 ship it as docker-compose). Debian 12\'s docker-compose package is the old v1 (docker-compose 1.29), which the Compose lessons do not teach.';

/** Whether `docker compose` (the CLI plugin, where the CLI looks for plugins) or a standalone `docker-compose` is installed. */
export function composeOf(s: BuilderSurroundings): Compose {
  const exists = s.exists ?? existsSync;
  const readText = s.readText ?? ((file: string) => { try { return readFileSync(file, 'utf8'); } catch { return undefined; } });
  const platform = s.platform ?? process.platform;
  const configDir = s.env.DOCKER_CONFIG || path.join(s.home ?? os.homedir(), '.docker');
  let extra: string[] = [];
  try {
    extra = (JSON.parse(readText(path.join(configDir, 'config.json')) ?? '{}') as { cliPluginsExtraDirs?: string[] }).cliPluginsExtraDirs ?? [];
  } catch {
    // The plugin folders still count.
  }
  const name = platform === 'win32' ? 'docker-compose.exe' : 'docker-compose';
  const plugin = pluginDirs(configDir, extra, platform, s.env).map((dir) => path.join(dir, name)).find((file) => exists(file));
  if (plugin) return { found: true, how: `docker compose (plugin at ${plugin})` };
  const separator = platform === 'win32' ? ';' : ':';
  const standalone = (s.env.PATH ?? '').split(separator).filter(Boolean).map((dir) => path.join(dir, name)).find((file) => exists(file));
  if (standalone) return { found: true, how: `only the standalone docker-compose (${standalone}): the lessons type docker compose, with a space` };
  return { found: false, fix: COMPOSE_FIX };
}
