/**
 * The layers of src/, top to bottom. A module may import from its own layer and the layers below
 * it, never from one above, and no import may close a circle. test/static.test.ts runs this check.
 */
const LAYERS = [
  ['src/cli\\.ts$'],
  ['src/program\\.ts$'],
  ['src/commands/'],
  ['src/ui/'],
  ['src/app/'],
  ['src/learner/'],
  ['src/lab/'],
  ['src/facts/'],
  ['src/checks/', 'src/progress/'],
  ['src/engine/'],
  ['src/course/'],
  ['src/errors\\.ts$'],
];

const above = (i) => LAYERS.slice(0, i).flat();

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import that closes a circle: the modules in it can no longer be understood or loaded one at a time.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    ...LAYERS.slice(1).map((paths, i) => ({
      name: `layer-${i + 1}-points-down`,
      severity: 'error',
      comment: `${paths.join(' and ')} may not import from a layer above it (see docs/ARCHITECTURE.md).`,
      from: { path: paths.map((p) => `^${p}`) },
      to: { path: above(i + 1).map((p) => `^${p}`) },
    })),
    {
      name: 'no-unlayered-module',
      severity: 'error',
      comment: 'Every module of src/ belongs to a layer: add a new folder to LAYERS in .dependency-cruiser.cjs.',
      from: { path: '^src/', pathNot: LAYERS.flat().map((p) => `^${p}`) },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['\\.test\\.tsx?$', '/testing/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js'] },
  },
};
