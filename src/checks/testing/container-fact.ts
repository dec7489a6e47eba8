/** A running container's facts as the checks see them, for tests; `over` sets what a test is about. */
import type { ContainerFact, ResourcesFact } from '../facts.js';

export const NO_LIMITS: ResourcesFact = { memory: 0, memoryReservation: 0, nanoCpus: 0, cpuQuota: 0, cpuPeriod: 0, cpuShares: 0, pidsLimit: 0 };

export const containerFact = (over: Partial<ContainerFact> = {}): ContainerFact => ({
  id: 'c1',
  name: 'app',
  image: 'busybox:1.36',
  imageId: 'sha256:busybox',
  state: 'running',
  running: true,
  exitCode: 0,
  created: '2026-12-07T10:00:00Z',
  tty: false,
  openStdin: false,
  env: [],
  restartPolicy: 'no',
  restartMaxRetries: 0,
  restartCount: 0,
  resources: NO_LIMITS,
  ports: {},
  mounts: [],
  networks: ['bridge'],
  labels: {},
  ...over,
});
