/** Values that live quiz questions read from the learner's engine at the moment they are checked. */
import type { LiveFact } from '../course/schema.js';
import type { EngineClient } from '../engine/port.js';
import { EngineError } from '../errors.js';

export async function readLiveFact(client: EngineClient, fact: LiveFact): Promise<string> {
  switch (fact.fact) {
    case 'kernel-version':
      return String((await client.info()).KernelVersion);
    case 'server-version':
      return (await client.version()).Version;
    case 'api-version':
      return (await client.version()).ApiVersion;
    case 'storage-driver':
      return String((await client.info()).Driver);
    case 'os-type':
      return String((await client.info()).OSType);
    case 'operating-system':
      return String((await client.info()).OperatingSystem);
    case 'architecture':
      return String((await client.info()).Architecture);
    case 'running-containers':
      return String((await client.info()).ContainersRunning);
    case 'containers-total':
      return String((await client.info()).Containers);
    case 'images-total':
      return String((await client.info()).Images);
    case 'default-runtime':
      return String((await client.info()).DefaultRuntime);
    case 'cgroup-driver':
      return String((await client.info()).CgroupDriver);
    case 'cpus':
      return String((await client.info()).NCPU);
    case 'swarm-state':
      return String((await client.info()).Swarm?.LocalNodeState ?? 'inactive');
    case 'image-layer-count': {
      const image = await client.inspectImage(fact.image);
      if (!image) throw notThere(`image ${fact.image}`, `docker pull ${fact.image}`);
      return String(image.RootFS?.Layers?.length ?? 0);
    }
    case 'image-id': {
      const image = await client.inspectImage(fact.image);
      if (!image) throw notThere(`image ${fact.image}`, `docker pull ${fact.image}`);
      return image.Id;
    }
    case 'container-pid': {
      const c = await client.inspectContainer(fact.container);
      if (!c) throw notThere(`container ${fact.container}`, 'Do the lab first');
      if (!c.State?.Running) throw new EngineError('api', `Container ${fact.container} is not running, so it has no process ID.`, `Start it: docker start ${fact.container}`);
      return String(c.State?.Pid);
    }
    case 'container-ip': {
      const c = await client.inspectContainer(fact.container);
      if (!c) throw notThere(`container ${fact.container}`, 'Do the lab first');
      const networks = c.NetworkSettings?.Networks ?? {};
      const net = fact.network ? networks[fact.network] : Object.values(networks)[0];
      if (!net?.IPAddress) throw new EngineError('api', `Container ${fact.container} has no IP address${fact.network ? ` on ${fact.network}` : ''}.`);
      return net.IPAddress;
    }
    case 'published-port': {
      const c = await client.inspectContainer(fact.container);
      if (!c) throw notThere(`container ${fact.container}`, 'Do the lab first');
      const binding = (c.NetworkSettings?.Ports?.[fact.port] ?? [])[0] as { HostPort?: string } | undefined;
      if (!binding?.HostPort) throw new EngineError('api', `Container ${fact.container} does not publish ${fact.port}.`);
      return binding.HostPort;
    }
  }
}

const notThere = (what: string, fix: string) => new EngineError('api', `There is no ${what} on your engine yet.`, `${fix}, then answer again.`);
