/** The app's pictures of the learner's engine: the engine drawn as its programs, and an image's layers. */
import createDebug from 'debug';
import type { Course } from '../course/model.js';
import type { EngineClient } from '../engine/port.js';
import { describeError } from '../errors.js';
import type { EngineMap, ImageLayersView, ImageStack } from './api.js';
import { buildEngineMap, buildImageStack, buildsImage, sharedLayers } from './pictures.js';

const debug = createDebug('docker-dojo:app');

export class EnginePictures {
  /** Where the client reaches the engine, as the last connection found it. */
  private endpoint: string | undefined;

  constructor(private readonly deps: { course: Course; client(): Promise<EngineClient> }) {}

  connectedAt(host: string): void {
    this.endpoint = host;
  }

  async engineMap(): Promise<EngineMap> {
    const client = await this.deps.client();
    const [version, info, containers] = await Promise.all([client.version(), client.info(), client.listContainers()]);
    return buildEngineMap({ endpoint: this.endpoint ?? 'unknown', version, info, containers });
  }

  async imageLayers(ref: string, compareWith?: string): Promise<ImageLayersView> {
    const client = await this.deps.client();
    const stack = async (r: string): Promise<ImageStack> => {
      const image = await client.inspectImage(r);
      // Without its history the stack is still right; only the build steps are missing.
      const history = image
        ? await client.imageHistory(r).catch((error: unknown) => {
            debug('no history for %s: %s', r, describeError(error));
            return undefined;
          })
        : undefined;
      const built = buildImageStack(r, image, history ?? []);
      if (built.present) return built;
      // An image a lab builds cannot be pulled: say which lab makes it.
      const lab = this.deps.course.labs.find((l) => l.solution.some((line) => buildsImage(line, r)));
      return lab ? { ...built, builtBy: { labId: lab.id, title: lab.title } } : built;
    };
    const [image, compare] = await Promise.all([stack(ref), compareWith ? stack(compareWith) : undefined]);
    return { image, ...(compare ? { compare } : {}), shared: sharedLayers(image, compare) };
  }
}
