// Bundles the CLI into one ESM file (dist/cli.js) and writes the course JSON Schemas (schema/*.json).
import { build } from 'esbuild';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));

/**
 * dockerode requires its BuildKit session helper (gRPC and protobuf, about 1 MB) at load time,
 * which costs every engine command ~200 ms of start-up. docker-dojo never builds images through
 * the API, and the helper cannot work bundled anyway (it reads a .proto file beside itself).
 */
const withoutBuildKitSession = {
  name: 'without-buildkit-session',
  setup(b) {
    b.onLoad({ filter: /[\\/]dockerode[\\/]lib[\\/]session\.js$/ }, () => ({
      contents:
        "module.exports = function withSession(docker, auth, handler) { handler(new Error('docker-dojo does not build images through BuildKit sessions'), null, function () {}); };",
      loader: 'js',
    }));
  },
};

// Course indexes record the build that made them: a new build may read courses differently.
const buildId = `${pkg.version}+${Date.now().toString(36)}`;

const result = await build({
  entryPoints: ['src/cli.ts'],
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  legalComments: 'none',
  chunkNames: 'chunks/[name]-[hash]',
  define: { __DOJO_VERSION__: JSON.stringify(pkg.version), __DOJO_BUILD__: JSON.stringify(buildId), 'process.env.NODE_ENV': '"production"' },
  // ssh2's optional native crypto and cpu-features are loaded in try/catch; only ssh:// hosts want them.
  // Ink imports react-devtools-core only when DEV=true (and explains how to install it then).
  external: ['cpu-features', '*.node', 'react-devtools-core'],
  // CommonJS dependencies inside an ESM bundle still use require(), __dirname and __filename.
  banner: {
    js: [
      "import { createRequire as __dojoRequire } from 'node:module';",
      "import { fileURLToPath as __dojoPath } from 'node:url';",
      "import { dirname as __dojoDirname } from 'node:path';",
      'const require = __dojoRequire(import.meta.url);',
      'const __filename = __dojoPath(import.meta.url);',
      "const __dirname = __dojoDirname(__filename);",
    ].join(' '),
  },
  plugins: [withoutBuildKitSession],
  metafile: true,
  logLevel: 'warning',
});

// Chunk names carry content hashes: remove the ones this build did not write, so dist/ (and the
// package) holds only the current build. Done after the build so dist/ is never empty meanwhile.
const written = new Set(Object.keys(result.metafile.outputs).map((file) => path.resolve(file)));
for (const entry of await readdir('dist', { recursive: true, withFileTypes: true })) {
  const file = path.resolve(entry.parentPath ?? entry.path, entry.name);
  if (entry.isFile() && !written.has(file)) await rm(file);
}

// The JSON Schemas come from the same zod schemas the loader uses.
const schemaModule = 'node_modules/.cache/docker-dojo/course-schema.mjs';
await build({ entryPoints: ['src/course/schema.ts'], outfile: schemaModule, bundle: true, format: 'esm', platform: 'node', logLevel: 'warning' });
const { EDITOR_SCHEMAS } = await import(`../${schemaModule}?t=${Date.now()}`);
const { z } = await import('zod');
await mkdir('schema', { recursive: true });
for (const [file, schema] of Object.entries(EDITOR_SCHEMAS)) {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  await writeFile(`schema/${file}`, `${JSON.stringify(json, null, 2)}\n`);
}

// The shipped course's index (src/course/course-index.ts): start-up reads it instead of parsing
// every file, as long as the files are unchanged. A course with problems gets no index, so the
// loader reports them.
const indexModule = 'node_modules/.cache/docker-dojo/course-index-build.mjs';
await build({ stdin: { contents: "export { readCourse } from './src/course/load.ts'; export { courseFingerprint, courseIndexJson, bundledIndexPath } from './src/course/course-index.ts';", resolveDir: '.', loader: 'ts' }, outfile: indexModule, bundle: true, format: 'esm', platform: 'node', packages: 'external', define: { __DOJO_BUILD__: JSON.stringify(buildId) }, logLevel: 'warning' });
const indexer = await import(`../${indexModule}?t=${Date.now()}`);
const courseRoot = path.resolve('.');
const { course, issues } = await indexer.readCourse(courseRoot, { bundled: true });
const indexFile = indexer.bundledIndexPath(courseRoot);
if (issues.length > 0) {
  await rm(indexFile, { force: true });
  console.warn(`build: the course has ${issues.length} problem(s), so no course index was written; run \`node dist/cli.js lint\` to see them`);
} else {
  await writeFile(indexFile, indexer.courseIndexJson(course, indexer.courseFingerprint(courseRoot)));
}
