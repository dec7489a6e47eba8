/**
 * One look at the engine shared by many graders: each read (a listing, an inspect, a history)
 * goes to the engine once and every later caller gets the same answer, so grading every lab of
 * a course costs about what grading one does. A change (pull, create, remove…) forgets what was
 * read, since the engine is no longer what it was. Execs and the live event stream always go
 * through: they run something or follow time, so an earlier answer is not theirs.
 */
import type { EngineClient } from './port.js';

export function readOnce(client: EngineClient): EngineClient {
  const answers = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, read: () => Promise<T>): Promise<T> => {
    const known = answers.get(key) as Promise<T> | undefined;
    if (known) return known;
    const asked = read();
    answers.set(key, asked);
    return asked;
  };
  const change = async <T>(act: () => Promise<T>): Promise<T> => {
    answers.clear();
    try {
      return await act();
    } finally {
      answers.clear();
    }
  };
  const key = (...parts: unknown[]) => JSON.stringify(parts);

  return {
    ping: (timeoutMs) => once(key('ping'), () => client.ping(timeoutMs)),
    version: () => once(key('version'), () => client.version()),
    info: () => once(key('info'), () => client.info()),
    listContainers: () => once(key('containers'), () => client.listContainers()),
    inspectContainer: (nameOrId) => once(key('container', nameOrId), () => client.inspectContainer(nameOrId)),
    listImages: () => once(key('images'), () => client.listImages()),
    inspectImage: (ref) => once(key('image', ref), () => client.inspectImage(ref)),
    imageHistory: (ref) => once(key('history', ref), () => client.imageHistory(ref)),
    imageLayerContents: (ref, read) => once(key('layers', ref, read), () => client.imageLayerContents(ref, read)),
    listVolumes: () => once(key('volumes'), () => client.listVolumes()),
    inspectVolume: (name) => once(key('volume', name), () => client.inspectVolume(name)),
    listNetworks: () => once(key('networks'), () => client.listNetworks()),
    inspectNetwork: (name) => once(key('network', name), () => client.inspectNetwork(name)),
    listServices: () => once(key('services'), () => client.listServices()),
    inspectService: (nameOrId) => once(key('service', nameOrId), () => client.inspectService(nameOrId)),
    listTasks: (service) => once(key('tasks', service), () => client.listTasks(service)),
    listSecrets: () => once(key('secrets'), () => client.listSecrets()),
    listConfigs: () => once(key('configs'), () => client.listConfigs()),
    events: (since, until) => once(key('events', since, until), () => client.events(since, until)),
    streamEvents: (onEvent, signal) => client.streamEvents(onEvent, signal),
    containerLogs: (name, tail) => once(key('logs', name, tail), () => client.containerLogs(name, tail)),
    containerProcesses: (name) => once(key('processes', name), () => client.containerProcesses(name)),
    exec: (container, cmd, timeoutMs) => client.exec(container, cmd, timeoutMs),
    readFile: (container, filePath, maxBytes) => once(key('file', container, filePath, maxBytes), () => client.readFile(container, filePath, maxBytes)),

    pull: (ref, onProgress, timeoutMs) => change(() => client.pull(ref, onProgress, timeoutMs)),
    createContainer: (spec) => change(() => client.createContainer(spec)),
    startContainer: (id) => change(() => client.startContainer(id)),
    renameContainer: (id, name) => change(() => client.renameContainer(id, name)),
    stopContainer: (id) => change(() => client.stopContainer(id)),
    removeContainer: (id) => change(() => client.removeContainer(id)),
    removeImage: (ref) => change(() => client.removeImage(ref)),
    tagImage: (id, ref) => change(() => client.tagImage(id, ref)),
    createVolume: (name, labels) => change(() => client.createVolume(name, labels)),
    removeVolume: (name) => change(() => client.removeVolume(name)),
    createNetwork: (name, labels) => change(() => client.createNetwork(name, labels)),
    removeNetwork: (id) => change(() => client.removeNetwork(id)),
    removeService: (id) => change(() => client.removeService(id)),
    leaveSwarm: () => change(() => client.leaveSwarm()),
  };
}
