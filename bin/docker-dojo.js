#!/usr/bin/env node
// Plain JavaScript that any Node can parse, so an old Node gets a sentence instead of a stack trace.
import { readFileSync } from 'fs';
import * as nodeModule from 'module';

var major = Number(process.versions.node.split('.')[0]);
if (major < 20) {
  process.stderr.write('docker-dojo needs Node.js 20 or newer; this is Node ' + process.versions.node + '. Install a current Node from https://nodejs.org and run it again.\n');
  process.exit(1);
}
var args = process.argv.slice(2);
// `--version` alone is answered here: loading the CLI (argument parser included) would double its time.
if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  process.stdout.write(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version + '\n');
} else {
  // A reader that stops early (docker-dojo list | head) is not an error.
  process.stdout.on('error', function (error) {
    if (error && error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  // Node 22.1 and later keep the compiled bundle between runs (a no-op on Node 20).
  if (typeof nodeModule.enableCompileCache === 'function') {
    try {
      nodeModule.enableCompileCache();
    } catch (error) {
      // a cache folder that cannot be written only costs speed
    }
  }
  import('../dist/cli.js').then(
    function (cli) {
      return cli.main(process.argv).then(function (code) {
        process.exitCode = code;
      });
    },
    function (error) {
      process.stderr.write('docker-dojo could not start: ' + (error && error.message) + '\nIf you run it from a clone, build it first: npm run build\n');
      process.exit(70);
    }
  );
}
