/** One entry point: a check spec and the engine facts in, a verdict out. Pure. */
import type { CheckSpec } from '../course/schema.js';
import type { EngineFacts } from './facts.js';
import type { Verdict } from './verdict.js';
import * as images from './images.js';
import * as containers from './containers.js';
import * as probes from './probes.js';
import * as objects from './objects.js';
import * as layers from './layers.js';
import * as compose from './compose.js';
import * as supervision from './supervision.js';
import * as security from './security.js';

type Judges = { [K in CheckSpec['kind']]: (spec: Extract<CheckSpec, { kind: K }>, facts: EngineFacts) => Verdict };

const judges: Judges = {
  'engine-reachable': objects.engineReachable,
  'image-present': images.imagePresent,
  'image-absent': images.imageAbsent,
  'image-label': images.imageLabel,
  'image-command': images.imageCommand,
  'image-env': images.imageEnv,
  'image-exposes': images.imageExposes,
  'image-layers': images.imageLayers,
  'image-shares-layers': images.imageSharesLayers,
  'image-same-id': images.imageSameId,
  'image-file': layers.imageFile,
  'image-file-absent': layers.imageFileAbsent,
  'image-adds-only': layers.imageAddsOnly,
  'workspace-ignores': layers.workspaceIgnores,
  'container-exists': containers.containerExists,
  'container-absent': containers.containerAbsent,
  'container-running': containers.containerRunning,
  'container-exited': containers.containerExited,
  'container-tty': containers.containerTty,
  'container-env': containers.containerEnv,
  'container-restart-policy': containers.containerRestartPolicy,
  'container-restart-count': supervision.containerRestartCount,
  'container-resources': supervision.containerResources,
  'container-health': supervision.containerHealth,
  'container-port': containers.containerPort,
  'container-mount': containers.containerMount,
  'container-network': containers.containerNetwork,
  'container-file': probes.containerFile,
  'container-logs': probes.containerLogs,
  'container-resolves': probes.containerResolves,
  http: probes.http,
  'registry-has-tag': probes.registryHasTag,
  'volume-exists': objects.volumeExists,
  'network-exists': objects.networkExists,
  'network-has-containers': objects.networkHasContainers,
  'event-since-start': objects.eventSinceStart,
  'swarm-active': objects.swarmActive,
  'service-running': objects.serviceRunning,
  'container-command': containers.containerCommand,
  'container-logs-kernel': probes.containerLogsKernel,
  'container-removed-while-running': objects.containerRemovedWhileRunning,
  'container-restarted': containers.containerRestarted,
  'service-port': objects.servicePort,
  'service-update-config': objects.serviceUpdateConfig,
  'service-rollout': objects.serviceRollout,
  'compose-service': compose.composeService,
  'compose-service-port': compose.composeServicePort,
  'compose-service-env': compose.composeServiceEnv,
  'compose-service-mount': compose.composeServiceMount,
  'compose-volume': compose.composeVolume,
  'compose-project-down': compose.composeProjectDown,
  'image-user': security.imageUser,
  'container-read-only': security.containerReadOnly,
  'container-capabilities': security.containerCapabilities,
  'container-process-user': security.containerProcessUser,
};

export function judge(spec: CheckSpec, facts: EngineFacts): Verdict {
  if (!facts.reachable.ok && spec.kind !== 'engine-reachable') {
    return { ok: false, title: spec.kind, expected: 'a reachable engine', found: facts.reachable.detail, hint: 'Run `docker-dojo doctor`.' };
  }
  return (judges[spec.kind] as (s: CheckSpec, f: EngineFacts) => Verdict)(spec, facts);
}

export function judgeAll(specs: readonly CheckSpec[], facts: EngineFacts): Verdict[] {
  return specs.map((spec) => judge(spec, facts));
}

export type { Verdict } from './verdict.js';
export { factsNeeded, type FactRequest } from './requests.js';
