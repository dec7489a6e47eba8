import type { Context } from './context.js';
import { EngineError, describeError } from '../errors.js';
import { mark } from './output.js';
import { builderOf, composeOf, imageStoreOf, type Compose } from '../engine/world.js';

export interface DoctorReport {
  ok: boolean;
  endpoint?: { host: string; source: string; reason: string };
  tried: Array<{ host: string; reason: string; error?: string }>;
  server?: {
    version: string;
    apiVersion: string;
    // What an engine leaves out of its version or info stays out of the report.
    os?: string;
    arch?: string;
    kernel?: string;
    operatingSystem?: string;
    storageDriver?: string;
    rootless: boolean;
    defaultRuntime?: string;
    cgroupDriver?: string;
    containersRunning?: number;
    images?: number;
    swarm: string;
    /** Where the engine keeps images: image IDs, pull progress and build results differ. */
    imageStore: 'containerd' | 'classic';
    /** What `docker build` runs here, and why. */
    builder: 'BuildKit' | 'legacy';
    builderWhy: string;
  };
  /** `docker compose` on this machine: the Compose lessons need it. */
  compose?: Compose;
  problem?: { code: string; message: string; fix?: string };
}

/** Only `ctx.engine()` is used, so the app can report on a connection it already holds. */
export async function doctorReport(ctx: Pick<Context, 'engine'> & { env?: NodeJS.ProcessEnv }): Promise<DoctorReport> {
  try {
    const { client, found } = await ctx.engine();
    const [version, info] = await Promise.all([client.version(), client.info()]);
    const builder = builderOf({ env: ctx.env ?? process.env, osType: info.OSType });
    const compose = composeOf({ env: ctx.env ?? process.env });
    return {
      ok: true,
      endpoint: { host: found.endpoint.host, source: found.endpoint.source, reason: found.endpoint.reason },
      tried: found.tried.map((t) => ({ host: t.endpoint.host, reason: t.endpoint.reason, error: t.error })),
      server: {
        version: version.Version,
        apiVersion: version.ApiVersion,
        os: version.Os,
        arch: version.Arch,
        kernel: version.KernelVersion ?? info.KernelVersion,
        operatingSystem: info.OperatingSystem,
        storageDriver: info.Driver,
        rootless: (info.SecurityOptions ?? []).some((o) => o.includes('name=rootless')),
        defaultRuntime: info.DefaultRuntime,
        cgroupDriver: info.CgroupDriver,
        containersRunning: info.ContainersRunning,
        images: info.Images,
        swarm: info.Swarm?.LocalNodeState ?? 'inactive',
        imageStore: imageStoreOf(info),
        builder: builder.builder,
        builderWhy: builder.why,
      },
      compose,
    };
  } catch (error) {
    if (error instanceof EngineError) {
      const tried = (error as EngineError & { tried?: Array<{ endpoint: { host: string; reason: string }; error?: string }> }).tried ?? [];
      return { ok: false, tried: tried.map((t) => ({ host: t.endpoint.host, reason: t.endpoint.reason, error: t.error })), problem: { code: error.code, message: error.message, fix: error.tryThis } };
    }
    return { ok: false, tried: [], problem: { code: 'unknown', message: describeError(error) } };
  }
}

export async function doctorCommand(ctx: Context, options: { json?: boolean }): Promise<number> {
  const report = await doctorReport(ctx);
  if (options.json) {
    ctx.out.json(report);
    return report.ok ? 0 : 2;
  }
  const { out } = ctx;
  if (!report.ok || !report.server || !report.endpoint) {
    out.line(`${mark(out, false)} No Docker engine answered.`);
    for (const t of report.tried) out.line(out.style('dim', `    tried ${t.host} (${t.reason})${t.error ? `: ${t.error}` : ''}`));
    out.line(`    ${report.problem?.message}`);
    if (report.problem?.fix) out.line(`    ${out.style('bold', 'Fix:')} ${report.problem.fix}`);
    out.line(out.style('dim', '    Lessons, hints and `docker-dojo list` work without an engine; labs need one.'));
    return 2;
  }
  const s = report.server;
  out.line(`${mark(out, true)} Engine found: ${report.endpoint.reason} (${report.endpoint.host})`);
  out.line(`${mark(out, true)} Docker Engine ${s.version}, API ${s.apiVersion}, ${s.os}/${s.arch}`);
  out.line(`${mark(out, true)} Host: ${s.operatingSystem}, kernel ${s.kernel}`);
  out.line(`${mark(out, true)} Storage driver ${s.storageDriver}, default runtime ${s.defaultRuntime}, cgroup driver ${s.cgroupDriver}`);
  out.line(`${mark(out, true)} Images in the ${s.imageStore} image store; docker build runs ${s.builder === 'BuildKit' ? 'BuildKit' : 'the legacy builder'} (${s.builderWhy})`);
  out.line(`${mark(out, true)} ${s.rootless ? 'Rootless mode' : 'Rootful daemon (not rootless)'}; ${s.containersRunning} running container${s.containersRunning === 1 ? '' : 's'}, ${s.images} image${s.images === 1 ? '' : 's'}; swarm ${s.swarm}`);
  // Compose is for its own module's labs: without it the rest of the course still works.
  if (report.compose?.found) out.line(`${mark(out, true)} Docker Compose: ${report.compose.how}`);
  else if (report.compose) {
    out.line(`${mark(out, false)} Docker Compose not found: the Compose lessons and labs need docker compose.`);
    out.line(`    ${out.style('bold', 'Fix:')} ${report.compose.fix}`);
  }
  return 0;
}
