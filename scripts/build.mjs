// Bundles the CLI into one ESM file (dist/cli.js) and writes the course JSON Schemas (schema/*.json).
import { build } from 'esbuild';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));

/**
 * dockerode requires its BuildKit session helper (gRPC and protobuf, about 1 MB) at load time,
 * which costs every engine command ~200 ms of start-up, and bundles its BuildKit progress decoder
 * (protobuf again). docker-dojo never builds images through the API, and neither can work bundled
 * anyway (they read .proto files beside themselves).
 */
const withoutBuildKitSession = {
  name: 'without-buildkit-session',
  setup(b) {
    b.onLoad({ filter: /[\\/]dockerode[\\/]lib[\\/]session\.js$/ }, () => ({
      contents:
        "module.exports = function withSession(docker, auth, handler) { handler(new Error('docker-dojo does not build images through BuildKit sessions'), null, function () {}); };",
      loader: 'js',
    }));
    b.onLoad({ filter: /[\\/]dockerode[\\/]lib[\\/]buildkit\.js$/ }, () => ({
      contents: "exports.followProgress = function () { throw new Error('docker-dojo does not decode BuildKit progress through the API'); };",
      loader: 'js',
    }));
  },
};

/**
 * conf imports ajv, ajv-formats and semver for its `schema` and `migrations` options. docker-dojo
 * uses neither (progress is validated by its own schema and migrated by course id), and those
 * modules cost every command ~30 ms of start-up. Each is replaced by a module that says so if
 * it is ever reached.
 */
const CONF_UNUSED = ['ajv/dist/2020.js', 'ajv-formats', 'semver'];
const withoutConfValidation = {
  name: 'without-conf-validation',
  setup(b) {
    const filter = new RegExp(`^(${CONF_UNUSED.map((m) => m.replace(/[./]/g, '\\$&')).join('|')})$`);
    b.onResolve({ filter }, (args) => (/[\\/]node_modules[\\/]conf[\\/]/.test(args.importer) ? { path: args.path, namespace: 'conf-unused' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'conf-unused' }, (args) => ({
      contents: `const unused = () => { throw new Error('docker-dojo is built without conf\\'s ${args.path} (no schema or migrations options)'); };
export default new Proxy(unused, { get: unused, apply: unused, construct: unused });
export const Ajv2020 = unused;`,
      loader: 'js',
    }));
  },
};

/**
 * Modules that dependencies require at load time but only some calls need, replaced by a stand-in
 * that requires the real one the first time it is used. Packages are built into their own file
 * under dist/lazy/: ssh2 (~300 KB, for ssh:// engine hosts), the build-context packers (for
 * building images through the API, which docker-dojo does not) and the tar reader of image archives. Node's own modules are required
 * as they are: https and tls for TLS engines only, zlib for build contexts, child_process for
 * commander's external subcommands, assert for conf's defaults check.
 */
const LAZY_MODULES = [
  { importer: /[\\/]docker-modem[\\/]lib[\\/]modem\.js$/, from: 'node_modules/docker-modem/lib', request: './ssh', file: 'ssh-agent.cjs' },
  { importer: /[\\/]dockerode[\\/]lib[\\/]util\.js$/, from: 'node_modules/dockerode/lib', request: 'tar-fs', file: 'tar-fs.cjs' },
  { importer: /[\\/]dockerode[\\/]lib[\\/]util\.js$/, from: 'node_modules/dockerode/lib', request: '@balena/dockerignore', file: 'dockerignore.cjs' },
  // The image-archive reader, for checks that read an image's layers (docker save).
  { importer: /[\\/]src[\\/]engine[\\/]image-archive\.ts$/, from: '.', request: 'tar-stream', file: 'tar-stream.cjs' },
  { importer: /[\\/]docker-modem[\\/]lib[\\/]http\.js$/, request: 'https', builtin: true },
  { importer: /[\\/]dockerode[\\/]lib[\\/]util\.js$/, request: 'zlib', builtin: true },
  { importer: /[\\/]commander[\\/]lib[\\/]command\.js$/, request: 'node:child_process', builtin: true },
  { importer: /[\\/]conf[\\/]dist[\\/]source[\\/]index\.js$/, request: 'node:assert', builtin: true },
];
const LAZY_FILES = LAZY_MODULES.filter((m) => !m.builtin);
const withLazyModules = {
  name: 'lazy-modules',
  setup(b) {
    const requests = new RegExp(`^(${LAZY_MODULES.map((m) => m.request.replace(/[./]/g, '\\$&')).join('|')})$`);
    b.onResolve({ filter: requests }, (args) => {
      const lazy = LAZY_MODULES.find((m) => m.request === args.path && m.importer.test(args.importer));
      return lazy ? { path: lazy.builtin ? lazy.request : lazy.file, namespace: 'lazy-module', pluginData: lazy } : undefined;
    });
    // A stand-in that loads the real module on first use: a call, a property or `new`.
    // dist/lazy/ is found from the chunk that holds the stand-in, in dist/ or dist/chunks/.
    const lazyFile = (file) => `require('path').join(__dirname, require('path').basename(__dirname) === 'chunks' ? '..' : '.', 'lazy', ${JSON.stringify(file)})`;
    b.onLoad({ filter: /.*/, namespace: 'lazy-module' }, (args) => ({
      contents: `var loaded;
function load() { return loaded || (loaded = require(${args.pluginData.builtin ? JSON.stringify(args.path) : lazyFile(args.path)})); }
module.exports = new Proxy(function () {}, {
  get: function (_, key) { return load()[key]; },
  apply: function (_, self, args) { return load().apply(self, args); },
  construct: function (_, args) { return Reflect.construct(load(), args); },
});`,
      loader: 'js',
    }));
  },
};

/**
 * Ink imports yoga-layout; the app gets src/ui/yoga.ts instead, which loads the same yoga without
 * letting its loader reach for `fetch` (see that file; src/ui/yoga.test.ts tests it). Only the bare
 * name is redirected: src/ui/yoga.ts itself imports 'yoga-layout/load'.
 */
const yogaWithoutFetch = {
  name: 'yoga-without-fetch',
  setup(b) {
    b.onResolve({ filter: /^yoga-layout$/ }, () => ({ path: path.resolve('src/ui/yoga.ts') }));
  },
};

// docker-modem's own bugs are patched in node_modules by patch-package (patches/, applied by
// `npm ci`), so the tests run the same code as the bundle. See docs/UPSTREAM.md.

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
  minify: true,
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
  plugins: [withoutBuildKitSession, withoutConfValidation, withLazyModules, yogaWithoutFetch],
  metafile: true,
  logLevel: 'warning',
});

// The modules withLazyModules leaves out of the bundle, each in its own file.
for (const lazy of LAZY_FILES) {
  await build({
    // Resolved from where the importer would have resolved it, so the version is the same.
    stdin: { contents: `module.exports = require(${JSON.stringify(lazy.request)});`, resolveDir: lazy.from, loader: 'js' },
    outfile: `dist/lazy/${lazy.file}`,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    minify: true,
    legalComments: 'none',
    external: ['cpu-features', '*.node'],
    logLevel: 'warning',
  });
}

// Chunk names carry content hashes: remove the ones this build did not write, so dist/ (and the
// package) holds only the current build. Done after the build so dist/ is never empty meanwhile.
// DOJO_BUILD_META=FILE keeps esbuild's account of what went into each chunk, for size work.
if (process.env.DOJO_BUILD_META) await writeFile(process.env.DOJO_BUILD_META, JSON.stringify(result.metafile));
const written = new Set([...Object.keys(result.metafile.outputs), ...LAZY_FILES.map((m) => `dist/lazy/${m.file}`)].map((file) => path.resolve(file)));
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
await build({ stdin: { contents: "export { readCourse } from './src/course/load.ts'; export { courseFingerprint, courseIndexJson, courseStamp, bundledIndexPath } from './src/course/course-index.ts';", resolveDir: '.', loader: 'ts' }, outfile: indexModule, bundle: true, format: 'esm', platform: 'node', packages: 'external', define: { __DOJO_BUILD__: JSON.stringify(buildId) }, logLevel: 'warning' });
const indexer = await import(`../${indexModule}?t=${Date.now()}`);
const courseRoot = path.resolve('.');
// Stamped before it is read, so a file edited meanwhile makes the index's stamp stale, never wrong.
const stamp = indexer.courseStamp(courseRoot);
const { course, issues } = await indexer.readCourse(courseRoot, { bundled: true });
const indexFile = indexer.bundledIndexPath(courseRoot);
if (issues.length > 0) {
  await rm(indexFile, { force: true });
  console.warn(`build: the course has ${issues.length} problem(s), so no course index was written; run \`node dist/cli.js lint\` to see them`);
} else {
  await writeFile(indexFile, indexer.courseIndexJson(course, indexer.courseFingerprint(courseRoot), stamp));
}
