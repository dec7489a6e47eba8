// Bundles the CLI into one ESM file (dist/cli.js) and writes the course JSON Schemas (schema/*.json).
import { build } from 'esbuild';
import { mkdir, readFile, writeFile } from 'node:fs/promises';

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));

await build({
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
  define: { __DOJO_VERSION__: JSON.stringify(pkg.version), 'process.env.NODE_ENV': '"production"' },
  // ssh2's optional native crypto and cpu-features are loaded in try/catch; only ssh:// hosts want them.
  external: ['cpu-features', '*.node'],
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
  logLevel: 'warning',
});

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
