/** Which engine facts each check needs, so the adapter fetches each once and in parallel. */
import type { CheckSpec } from '../course/schema.js';

export type FactRequest =
  | { type: 'image'; ref: string }
  | { type: 'image-layers'; ref: string; read: string[] }
  | { type: 'image-history'; ref: string }
  | { type: 'workspace-file'; path: string }
  | { type: 'containers' }
  | { type: 'volume'; name: string }
  | { type: 'network'; name: string }
  | { type: 'volume-list' }
  | { type: 'network-list' }
  | { type: 'events' }
  | { type: 'file'; container: string; path: string }
  | { type: 'logs'; container: string }
  | { type: 'processes'; container: string }
  | { type: 'resolve'; container: string; target: string }
  | { type: 'http'; port: number; path: string; attempts: number }
  | { type: 'registry'; registry: string; repository: string }
  | { type: 'swarm' }
  | { type: 'service'; name: string }
  | { type: 'kernel' }
  /** The named container read again until its restarts or first health checks have run their course (a few seconds at most). */
  | { type: 'settled'; container: string };

export function factsNeeded(spec: CheckSpec): FactRequest[] {
  switch (spec.kind) {
    case 'engine-reachable':
      return [];
    case 'image-present':
      return spec.sinceStart || spec.pulled ? [{ type: 'image', ref: spec.image }, { type: 'events' }] : [{ type: 'image', ref: spec.image }];
    case 'image-absent':
    case 'image-label':
    case 'image-command':
    case 'image-env':
    case 'image-layers':
      return [{ type: 'image', ref: spec.image }];
    case 'image-exposes':
      return spec.over ? [{ type: 'image', ref: spec.image }, { type: 'image-history', ref: spec.image }, { type: 'image-history', ref: spec.over }] : [{ type: 'image', ref: spec.image }];
    case 'image-shares-layers':
      return [{ type: 'image', ref: spec.image }, { type: 'image', ref: spec.with }];
    case 'image-file':
      return [{ type: 'image', ref: spec.image }, { type: 'image-layers', ref: spec.image, read: [spec.path] }];
    case 'image-file-absent':
      return [{ type: 'image', ref: spec.image }, { type: 'image-layers', ref: spec.image, read: [] }];
    case 'image-adds-only':
      return [{ type: 'image', ref: spec.image }, { type: 'image', ref: spec.base }, { type: 'image-layers', ref: spec.image, read: [] }];
    case 'workspace-ignores':
      return [{ type: 'workspace-file', path: '.dockerignore' }];
    case 'image-same-id':
      return [{ type: 'image', ref: spec.image }, { type: 'image', ref: spec.as }];
    case 'container-exists':
    case 'container-running':
      return spec.image ? [{ type: 'containers' }, { type: 'image', ref: spec.image }] : [{ type: 'containers' }];
    case 'container-exited':
      // A container run with --rm is gone by the time it is graded; its "die" event remains.
      if (spec.image && !spec.container && spec.sinceStart) return [{ type: 'containers' }, { type: 'image', ref: spec.image }, { type: 'events' }];
      return spec.image ? [{ type: 'containers' }, { type: 'image', ref: spec.image }] : [{ type: 'containers' }];
    case 'container-absent':
    case 'container-tty':
    case 'container-env':
    case 'container-restart-policy':
    case 'container-port':
    case 'container-mount':
    case 'container-network':
      return [{ type: 'containers' }];
    case 'container-file':
      return [{ type: 'containers' }, { type: 'file', container: spec.container, path: spec.path }, ...(spec.changedBy ? [{ type: 'events' } as const] : [])];
    case 'container-logs':
      return [{ type: 'containers' }, { type: 'logs', container: spec.container }];
    case 'container-resolves':
      return [{ type: 'containers' }, { type: 'resolve', container: spec.container, target: spec.target }];
    case 'http':
      return [{ type: 'http', port: spec.port, path: spec.path, attempts: spec.attempts }];
    case 'volume-exists':
      return [{ type: 'volume', name: spec.volume }];
    case 'network-exists':
      return [{ type: 'network', name: spec.network }];
    case 'network-has-containers':
      return [{ type: 'network', name: spec.network }];
    case 'event-since-start':
      return [{ type: 'events' }];
    case 'registry-has-tag':
      return [{ type: 'registry', registry: spec.registry, repository: spec.repository }];
    case 'swarm-active':
      return [{ type: 'swarm' }];
    case 'service-running':
    case 'service-port':
    case 'service-update-config':
    case 'service-rollout':
      return [{ type: 'swarm' }, { type: 'service', name: spec.service }];
    case 'container-command':
      return [{ type: 'containers' }];
    case 'container-logs-kernel':
      return [{ type: 'containers' }, { type: 'logs', container: spec.container }, { type: 'kernel' }];
    case 'container-removed-while-running':
      return [{ type: 'events' }];
    case 'container-restarted':
      return [{ type: 'containers' }, { type: 'events' }];
    case 'compose-service':
      return spec.image ? [{ type: 'containers' }, { type: 'image', ref: spec.image }] : [{ type: 'containers' }];
    case 'compose-service-port':
    case 'compose-service-env':
      return [{ type: 'containers' }];
    case 'compose-service-mount':
      return [{ type: 'containers' }, { type: 'volume-list' }];
    case 'compose-volume':
      return [{ type: 'volume-list' }];
    case 'compose-project-down':
      return [{ type: 'containers' }, { type: 'network-list' }];
    case 'container-restart-count':
    case 'container-health':
      return [{ type: 'containers' }, { type: 'settled', container: spec.container }];
    case 'container-resources':
      return [{ type: 'containers' }];
    case 'image-user':
      return [{ type: 'image', ref: spec.image }];
    case 'container-read-only':
    case 'container-capabilities':
      return [{ type: 'containers' }];
    case 'container-process-user':
      return [{ type: 'containers' }, { type: 'processes', container: spec.container }];
  }
}

export function requestKey(request: FactRequest): string {
  return JSON.stringify(request);
}
