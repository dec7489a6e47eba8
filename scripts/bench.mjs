#!/usr/bin/env node
/**
 * `npm run bench`: builds the package, measures what a learner waits for, prints one table and
 * appends it to BENCHMARKS.md. It reports; it does not gate: a missed target still exits 0, and
 * only a run that could measure nothing exits non-zero.
 *
 *   node scripts/bench.mjs [--quick] [--runs N] [--only version,app,check,watch,list,lint,footprint]
 *                          [--no-build] [--record | --no-record] [--keep-env]
 *                          [--frame-text "A|B"] [--passed-text TEXT]
 *
 * Needs: Node, a Docker engine (check, watch), tmux (app, watch), npm with the registry
 * (footprint). /usr/bin/time gives exact peak RSS; without it /proc is polled.
 * DOJO_BENCH_DEBUG=1 prints each watch run's timeline on stderr.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin/docker-dojo.js');
const FIXTURE = path.join(ROOT, 'bench/fixture-course');
const SHELL_GRADER = path.join(ROOT, 'bench/shell-grader.sh');
const NODE_FLOOR_GRADER = path.join(ROOT, 'bench/node-floor-grader.mjs');
const NODE = process.execPath;
const SECTIONS = ['version', 'app', 'check', 'watch', 'list', 'lint', 'footprint'];
/** The row that stands for a section when the section could not be measured. */
const SECTION_LABEL = {
  version: 'docker-dojo --version',
  app: 'app: launch → first complete frame (80×24)',
  check: 'check bench-web --json (5 checks): wall',
  watch: 'watch: engine event → bench-web shown passed',
  list: 'list (whole course)',
  lint: 'lint (whole course)',
  footprint: 'package tarball (npm pack)',
};
/** The bench lab's container and port (bench/fixture-course/labs/bench-web.md). */
const LAB = {
  id: 'bench-web',
  title: 'Serve a page for the bench',
  image: 'nginx:1.27-alpine',
  run: ['run', '-d', '--name', 'bench-web', '-p', '18180:80', '-e', 'BENCH_MODE=fast', 'nginx:1.27-alpine'],
  port: 18180,
};
const BENCH_LABEL = 'docker-dojo.bench=1';
/** Variables a learner's shell does not have, which change how Node or Ink start. */
const MACHINE_ONLY_ENV = ['NODE_EXTRA_CA_CERTS', 'NODE_OPTIONS'];
const CI_ENV = /^(CI|CONTINUOUS_INTEGRATION|BUILD_NUMBER|RUN_ID|CI_.*)$/;
const TIME_BIN = ['/usr/bin/time'].find((p) => fs.existsSync(p));

// ───────────────────────────── options ─────────────────────────────

const USAGE = `Usage: node scripts/bench.mjs [options]
  --quick              3 runs per figure instead of 10 (CI)
  --runs N             runs per figure
  --only LIST          sections to run: ${SECTIONS.join(',')}
  --no-build           use the current dist/ instead of building first
  --record             append the results to BENCHMARKS.md (default for a full run)
  --no-record          do not touch BENCHMARKS.md (default with --only)
  --keep-env           keep NODE_EXTRA_CA_CERTS / NODE_OPTIONS / CI variables for the children
  --frame-text "A|B"   texts that make the interactive app's first complete frame (env DOJO_BENCH_FRAME_TEXT)
  --passed-text TEXT   text that shows the open lab as passed (env DOJO_BENCH_PASSED_TEXT)`;

function parseOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean' },
      runs: { type: 'string' },
      only: { type: 'string' },
      'no-build': { type: 'boolean' },
      record: { type: 'boolean' },
      'no-record': { type: 'boolean' },
      'keep-env': { type: 'boolean' },
      'frame-text': { type: 'string' },
      'passed-text': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const runs = values.runs ? Number(values.runs) : values.quick ? 3 : 10;
  if (!Number.isInteger(runs) || runs < 1 || runs > 100) throw new Error('--runs takes a whole number from 1 to 100.');
  const only = values.only ? values.only.split(',').map((s) => s.trim()).filter(Boolean) : SECTIONS;
  const unknown = only.filter((s) => !SECTIONS.includes(s));
  if (unknown.length) throw new Error(`Unknown section ${unknown.join(', ')}; choose from ${SECTIONS.join(', ')}.`);
  const frameText = values['frame-text'] ?? process.env.DOJO_BENCH_FRAME_TEXT;
  return {
    runs,
    quick: Boolean(values.quick),
    sections: SECTIONS.filter((s) => only.includes(s)),
    build: !values['no-build'],
    record: values['no-record'] ? false : values.record ? true : !values.only,
    keepEnv: Boolean(values['keep-env']),
    frameText: frameText ? frameText.split('|').filter(Boolean) : undefined,
    passedText: values['passed-text'] ?? process.env.DOJO_BENCH_PASSED_TEXT ?? 'Checks 5/5 passing',
  };
}

// ───────────────────────────── cleanup ─────────────────────────────

/** Synchronous undo steps, run once each whatever happens (normal end, error, Ctrl-C). */
const cleanups = [];
let cleanedUp = false;
function onCleanup(fn) {
  cleanups.push(fn);
}
function cleanupAll() {
  if (cleanedUp) return;
  cleanedUp = true;
  for (const fn of cleanups.reverse()) {
    try {
      fn();
    } catch {
      // Best effort: one failed step must not keep the others from running.
    }
  }
}
process.on('exit', cleanupAll);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    cleanupAll();
    process.exit(130);
  });
}

// ───────────────────────────── helpers ─────────────────────────────

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const now = () => performance.now();
const firstLine = (text) => String(text ?? '').trim().split('\n').find(Boolean) ?? '';

function run(cmd, args, { env = process.env, cwd = ROOT, timeoutMs = 60_000 } = {}) {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout: timeoutMs, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
  if (r.error) throw new Error(`${cmd} ${args.join(' ')}: ${r.error.code === 'ETIMEDOUT' ? `no answer within ${timeoutMs / 1000} s` : r.error.message}`);
  return r;
}

function mustRun(cmd, args, options) {
  const r = run(cmd, args, options);
  if (r.status !== 0) throw new Error(`${cmd} ${args.slice(0, 3).join(' ')} exited ${r.status}: ${firstLine(r.stderr || r.stdout)}`);
  return r.stdout;
}

function has(cmd) {
  return output('sh', ['-c', `command -v ${cmd}`]) !== '';
}

function peakKbOf(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

function readTimeKb(file) {
  try {
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
    const kb = Number(lines.at(-1));
    return Number.isFinite(kb) && kb > 0 ? kb : undefined;
  } catch {
    return undefined;
  }
}

function childPids(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return fs
      .readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .filter((d) => {
        try {
          return Number(fs.readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1]?.split(' ')[1]) === pid;
        } catch {
          return false;
        }
      })
      .map(Number);
  }
}

let tmpCounter = 0;
const tmpFile = (tmp, name) => path.join(tmp, `${name}-${++tmpCounter}`);

/**
 * Runs a command to completion and returns its wall time, and its peak RSS when asked:
 * exact through /usr/bin/time, else by polling /proc (close, not exact).
 */
async function timed(cmd, args, { env, cwd = ROOT, timeoutMs = 60_000, okCodes = [0], rss = false, tmp } = {}) {
  if (!rss || TIME_BIN) {
    const rssFile = rss ? tmpFile(tmp, 'rss') : undefined;
    const argv = rssFile ? [TIME_BIN, '-f', '%M', '-o', rssFile, cmd, ...args] : [cmd, ...args];
    const t0 = now();
    const r = run(argv[0], argv.slice(1), { env, cwd, timeoutMs });
    const ms = now() - t0;
    if (!okCodes.includes(r.status)) throw new Error(`\`${path.basename(cmd)} ${args.map((a) => path.basename(a)).join(' ')}\` exited ${r.status}: ${firstLine(r.stderr || r.stdout)}`);
    return { ms, kb: rssFile ? readTimeKb(rssFile) : undefined, stdout: r.stdout };
  }
  return new Promise((resolve, reject) => {
    const t0 = now();
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let kb;
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const poll = setInterval(() => (kb = Math.max(kb ?? 0, peakKbOf(child.pid) ?? 0) || kb), 2);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('exit', (code) => {
      const ms = now() - t0;
      clearInterval(poll);
      clearTimeout(timer);
      if (!okCodes.includes(code)) reject(new Error(`\`${path.basename(cmd)}\` exited ${code}: ${firstLine(stderr || stdout)}`));
      else resolve({ ms, kb, stdout });
    });
  });
}

function stats(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return { median: s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2, min: s[0], max: s.at(-1), n: s.length };
}

// ───────────────────────────── rows ─────────────────────────────

/**
 * A row of the table. `samples` give median/min/max; `value` is a single figure. A target is
 * { max } (lower is better), { min } or { below } (a figure to beat) with its text.
 */
function row(section, label, unit, { samples, value, target, note } = {}) {
  const figure = samples?.length ? stats(samples) : value !== undefined ? { median: value } : undefined;
  let result = '';
  if (figure && target) {
    const v = figure.median;
    const ok = target.max !== undefined ? v <= target.max : target.min !== undefined ? v >= target.min : v < target.below;
    result = ok ? 'PASS' : 'FAIL';
  }
  return { section, label, unit, figure, target, result, note };
}

const naRow = (section, label, why) => ({ section, label, unit: '', figure: undefined, target: undefined, result: '', note: why });

function fmt(v, unit) {
  if (v === undefined || Number.isNaN(v)) return '—';
  switch (unit) {
    case 'ms':
      return v < 10 ? `${v.toFixed(1)} ms` : `${Math.round(v)} ms`;
    case 'MB':
      return `${(v / 1e6).toFixed(1)} MB`;
    case 'x':
      return `${v.toFixed(2)}×`;
    case 'count':
      return String(Math.round(v));
    default:
      return String(v);
  }
}

function renderTable(rows) {
  const header = ['measure', 'median', 'min', 'max', 'target', 'result'];
  const lines = rows.map((r) => {
    if (!r.figure) return [r.label, r.note ?? 'n/a', '', '', r.target?.text ?? '', ''];
    const { median, min, max } = r.figure;
    return [r.label, fmt(median, r.unit), fmt(min, r.unit), fmt(max, r.unit), r.target?.text ?? '—', r.result || '—'];
  });
  const esc = (cell) => String(cell).replaceAll('|', '\\|');
  return [header, header.map(() => '---'), ...lines].map((cells) => `| ${cells.map(esc).join(' | ')} |`).join('\n');
}

// ───────────────────────────── docker ─────────────────────────────

const docker = (args, options) => mustRun('docker', args, options);

/** Removes the bench's containers: labelled as the bench's, or named like the bench lab's (bench-*). */
function removeBenchContainers() {
  const ids = new Set();
  for (const filter of [`label=${BENCH_LABEL}`, 'name=^/bench-']) {
    for (const id of run('docker', ['ps', '-aq', '--filter', filter], { timeoutMs: 20_000 }).stdout.split('\n')) if (id.trim()) ids.add(id.trim());
  }
  if (ids.size) run('docker', ['rm', '-f', ...ids], { timeoutMs: 30_000 });
}

function ensureImage(ref) {
  if (run('docker', ['image', 'inspect', ref]).status !== 0) docker(['pull', ref], { timeoutMs: 180_000 });
}

/** The bench lab's solution, labelled so that cleanup finds it whatever happened before. */
function labContainerArgs() {
  const [verb, ...rest] = LAB.run;
  return [verb, '--label', BENCH_LABEL, ...rest];
}

async function waitForHttp(port, deadlineMs) {
  const end = now() + deadlineMs;
  while (now() < end) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(50);
  }
  throw new Error(`nothing answered on port ${port} within ${deadlineMs / 1000} s`);
}

// ───────────────────────────── tmux ─────────────────────────────

/** One private tmux server with one 80×24 pane; panes stay after their program exits. */
class Terminal {
  constructor(tmp, env) {
    this.socket = `dojo-bench-${process.pid}`;
    this.env = env;
    this.conf = path.join(tmp, 'tmux.conf');
    fs.writeFileSync(this.conf, 'set -g status off\nset -g remain-on-exit on\nset -g history-limit 200\n');
    onCleanup(() => {
      this.tmux(['kill-server']);
      if (this.socketPath) fs.rmSync(this.socketPath, { force: true });
    });
    mustRun('tmux', ['-L', this.socket, '-f', this.conf, 'new-session', '-d', '-s', 'bench', '-x', '80', '-y', '24', '-c', ROOT, 'sleep 86400'], { env });
    this.socketPath = this.tmux(['display', '-p', '#{socket_path}']).stdout.trim();
    const size = this.tmux(['display', '-p', '-t', 'bench', '#{pane_width}x#{pane_height}']).stdout.trim();
    if (size !== '80x24') throw new Error(`tmux gave a ${size} pane instead of 80x24`);
  }

  tmux(args) {
    return run('tmux', ['-L', this.socket, ...args], { env: this.env, timeoutMs: 5000 });
  }

  /**
   * Starts argv in the pane (replacing whatever ran there) and returns the pane's pid. Panes get
   * the server's environment, so per-run variables go through env(1), which execs in place.
   */
  launch(argv, vars = {}) {
    const assignments = Object.entries(vars).map(([k, v]) => `${k}=${v}`);
    const command = `exec ${['env', ...assignments, ...argv].map(shellQuote).join(' ')}`;
    const r = this.tmux(['respawn-pane', '-k', '-t', 'bench', '-c', ROOT, command]);
    if (r.status !== 0) throw new Error(`tmux respawn-pane: ${firstLine(r.stderr)}`);
    return Number(this.tmux(['display', '-p', '-t', 'bench', '#{pane_pid}']).stdout.trim());
  }

  screen() {
    return this.tmux(['capture-pane', '-p', '-t', 'bench']).stdout;
  }

  dead() {
    return this.tmux(['display', '-p', '-t', 'bench', '#{pane_dead}']).stdout.trim() === '1';
  }

  /** Polls the screen every intervalMs until test(screen) holds; the time is when it was seen. */
  async waitFor(test, { deadlineMs, intervalMs = 10, what }) {
    const end = now() + deadlineMs;
    let screen = '';
    while (now() < end) {
      screen = this.screen();
      if (test(screen)) return now();
      await sleep(intervalMs);
    }
    const shown = screen.trim().split('\n').filter(Boolean).slice(0, 4).join(' / ').slice(0, 160);
    throw new Error(`no ${what} within ${deadlineMs / 1000} s (screen: ${shown || 'empty'})`);
  }

  async quit(pid) {
    this.tmux(['send-keys', '-t', 'bench', 'C-c']);
    const end = now() + 2000;
    while (now() < end && !this.dead()) await sleep(20);
    for (const signal of ['SIGTERM', 'SIGKILL']) {
      if (this.dead()) return;
      for (const child of [...childPids(pid), pid]) {
        try {
          process.kill(child, signal);
        } catch {
          // already gone
        }
      }
      await sleep(300);
    }
  }
}

const shellQuote = (word) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${String(word).replaceAll("'", `'\\''`)}'`);

// ───────────────────────────── sections ─────────────────────────────

function courseTitle(dir) {
  const text = fs.readFileSync(path.join(dir, 'course.yaml'), 'utf8');
  const m = /^title:\s*(.+?)\s*$/m.exec(text);
  return m ? m[1].replace(/^(['"])(.*)\1$/, '$2') : undefined;
}

function helpText(env) {
  return run(NODE, [BIN, '--help'], { env }).stdout;
}

/**
 * Runs `times` measurements after one discarded warm-up. Between runs the event loop turns, so
 * Ctrl-C is handled (cleanup, exit) at once instead of after a stretch of synchronous runs.
 */
async function repeat(times, measure) {
  await measure(true);
  const out = [];
  for (let i = 0; i < times; i++) {
    await sleep(0);
    out.push(await measure(false));
  }
  return out;
}

async function benchVersion(ctx) {
  const rows = [];
  const floor = await repeat(ctx.runs, () => timed(NODE, ['-e', '0'], { env: ctx.env }));
  rows.push(row('version', 'node -e 0 (Node start-up floor)', 'ms', { samples: floor.map((r) => r.ms) }));
  if (ctx.strippedEnv.length) {
    const asIs = await repeat(ctx.runs, () => timed(NODE, ['-e', '0'], { env: process.env }));
    rows.push(row('version', `node -e 0 with this shell's ${ctx.strippedEnv.join(', ')}`, 'ms', { samples: asIs.map((r) => r.ms) }));
  }
  const version = await repeat(ctx.runs, () => timed(NODE, [BIN, '--version'], { env: ctx.env, rss: true, tmp: ctx.tmp }));
  const printed = version[0].stdout.trim();
  if (printed !== ctx.pkg.version) throw new Error(`--version printed "${printed}", package.json says ${ctx.pkg.version}`);
  rows.push(row('version', 'docker-dojo --version', 'ms', { samples: version.map((r) => r.ms), target: { max: 120, text: '≤ 120 ms' } }));
  rows.push(row('version', 'docker-dojo --version: peak RSS', 'MB', { samples: version.map((r) => r.kb * 1024).filter(Boolean) }));
  return rows;
}

async function benchApp(ctx) {
  const label = 'app: launch → first complete frame (80×24)';
  const rssLabel = 'app: peak RSS by first frame';
  if (!has('tmux')) return [naRow('app', label, 'n/a (tmux not found)'), naRow('app', rssLabel, 'n/a (tmux not found)')];
  const term = ctx.terminal();
  const title = courseTitle(ROOT);
  // The home screen: the course title, the map's counts line, the status bar. Before the Ink app
  // existed, a terminal got the printed course map, whose last line starts "Commands:".
  const texts = ctx.frameText ?? [title, ...(ctx.appBuilt ? [' · lessons ', 'Ctrl-C quit'] : ['Commands:'])].filter(Boolean);
  ctx.notes.push(`App frame = the screen shows all of: ${texts.map((t) => `"${t}"`).join(', ')}${ctx.frameText ? '' : ' (set with --frame-text "A|B")'}; screen polled every 10 ms.`);
  const vars = { DOCKER_DOJO_HOME: path.join(ctx.tmp, 'app-home'), DOCKER_DOJO_WORKSPACE: path.join(ctx.tmp, 'app-work') };
  const samples = await repeat(ctx.runs, async () => {
    const rssFile = TIME_BIN ? tmpFile(ctx.tmp, 'app-rss') : undefined;
    const t0 = now();
    const pid = term.launch([...(rssFile ? [TIME_BIN, '-f', '%M', '-o', rssFile] : []), NODE, BIN], vars);
    let polledKb;
    const nodePid = () => (rssFile ? childPids(pid)[0] : pid);
    const seen = await term.waitFor(
      (screen) => {
        const p = nodePid();
        if (p) polledKb = peakKbOf(p) ?? polledKb;
        return texts.every((t) => screen.includes(t));
      },
      { deadlineMs: 10_000, what: 'complete frame' },
    );
    await term.quit(pid);
    const kb = (rssFile && readTimeKb(rssFile)) || polledKb;
    return { ms: seen - t0, kb };
  });
  const floor = await benchBareNode(term);
  return [
    row('app', label, 'ms', { samples: samples.map((s) => s.ms), target: { max: 250, text: '≤ 250 ms' } }),
    floor.row,
    ...(floor.samples ? [row('app', 'app: first frame ÷ bare node line (medians)', 'x', { value: stats(samples.map((s) => s.ms)).median / stats(floor.samples).median, target: { max: 2, text: '≤ 2×' } })] : []),
    row('app', rssLabel, 'MB', { samples: samples.map((s) => s.kb * 1024).filter(Boolean), target: { max: 80e6, text: '≤ 80 MB' } }),
    await benchReading(ctx, term, texts, vars),
  ];
}

/**
 * The floor for a first frame: bare node started the same way in the same 80×24 pane, drawing
 * one line, timed until the line is on screen.
 */
async function benchBareNode(term) {
  const label = 'bare node: launch → one line on screen (same terminal)';
  const line = 'bare node drew this line';
  try {
    const samples = await repeat(3, async () => {
      const t0 = now();
      const pid = term.launch([NODE, '-e', `process.stdout.write(${JSON.stringify(`${line}\n`)}); setInterval(() => {}, 60000);`]);
      const seen = await term.waitFor((screen) => screen.includes(line), { deadlineMs: 10_000, what: 'bare node line' });
      await term.quit(pid);
      return seen - t0;
    });
    return { row: row('app', label, 'ms', { samples }), samples };
  } catch (error) {
    return { row: naRow('app', label, `n/a (${error.message})`) };
  }
}

/**
 * The app in use: from the first frame, Enter (a fresh learner's first item is a lesson), then
 * 60 lines scrolled one key at a time. Peak RSS from /proc once the screen has settled.
 */
async function benchReading(ctx, term, frameTexts, vars) {
  const label = 'app: peak RSS after opening a lesson and scrolling 60 lines';
  try {
    const samples = await repeat(ctx.runs, async () => {
      fs.rmSync(vars.DOCKER_DOJO_HOME, { recursive: true, force: true });
      const pid = term.launch([NODE, BIN], vars);
      try {
        await term.waitFor((screen) => frameTexts.every((t) => screen.includes(t)), { deadlineMs: 10_000, what: 'complete frame' });
        term.tmux(['send-keys', '-t', 'bench', 'Enter']);
        await term.waitFor((screen) => screen.startsWith('Lesson '), { deadlineMs: 10_000, what: 'lesson screen after Enter' });
        for (let i = 0; i < 60; i++) {
          term.tmux(['send-keys', '-t', 'bench', 'j']);
          await sleep(20);
        }
        await sleep(500);
        const kb = peakKbOf(pid);
        if (!kb) throw new Error('no peak RSS in /proc (Linux only)');
        return kb;
      } finally {
        await term.quit(pid);
      }
    });
    return row('app', label, 'MB', { samples: samples.map((kb) => kb * 1024) });
  } catch (error) {
    return naRow('app', label, `n/a (${error.message})`);
  }
}

async function benchCheck(ctx) {
  ctx.usesDocker();
  ensureImage(LAB.image);
  removeBenchContainers();
  docker(labContainerArgs());
  await waitForHttp(LAB.port, 10_000);
  const env = { ...ctx.env, DOCKER_DOJO_HOME: path.join(ctx.tmp, 'check-home'), DOCKER_DOJO_WORKSPACE: path.join(ctx.tmp, 'check-work') };
  const pairs = await repeat(ctx.runs, async () => {
    const dojo = await timed(NODE, [BIN, '--course', FIXTURE, 'check', LAB.id, '--json'], { env, okCodes: [0, 1] });
    const grade = JSON.parse(dojo.stdout);
    if (!grade.passed) throw new Error(`check ${LAB.id} did not pass: ${grade.checks.filter((c) => !c.ok).map((c) => `${c.title}: ${c.found}`).join('; ')}`);
    const shell = await timed('bash', [SHELL_GRADER], { env, okCodes: [0, 1] });
    if (!/^ok/m.test(shell.stdout) || /^FAIL/m.test(shell.stdout)) throw new Error(`the shell grader did not pass: ${shell.stdout.split('\n').filter((l) => l.startsWith('FAIL')).join('; ')}`);
    const floor = await timed(NODE, [NODE_FLOOR_GRADER], { env, okCodes: [0, 1] });
    if (/^FAIL/m.test(floor.stdout)) throw new Error(`the Node floor grader did not pass: ${floor.stdout.split('\n').filter((l) => l.startsWith('FAIL')).join('; ')}`);
    return { wall: dojo.ms, engine: grade.engineMs, shell: shell.ms, floor: floor.ms };
  });
  removeBenchContainers();
  const wall = stats(pairs.map((p) => p.wall));
  const shell = stats(pairs.map((p) => p.shell));
  return [
    row('check', `check ${LAB.id} --json (5 checks): wall`, 'ms', { samples: pairs.map((p) => p.wall) }),
    row('check', 'check: engine time (engineMs)', 'ms', { samples: pairs.map((p) => p.engine), target: { max: 50, text: '≤ 50 ms' } }),
    row('check', 'shell grader, same 5 checks (bench/shell-grader.sh)', 'ms', { samples: pairs.map((p) => p.shell) }),
    row('check', 'check vs shell grader (shell ÷ check, medians)', 'x', { value: shell.median / wall.median, target: { min: 1, text: '≥ 1× (faster)' } }),
    row('check', 'Node floor: same 5 checks, no libraries (bench/node-floor-grader.mjs)', 'ms', { samples: pairs.map((p) => p.floor) }),
    await benchCheckAll(ctx),
  ];
}

/**
 * `check --all --json` over every lab of the shipped course, each started first (a check starts
 * it: its baseline, its setup pulls, its starter files in a temporary workspace), on a warm engine.
 * Nothing is reset afterwards: the labs made nothing but their setup's pulls of kit images.
 */
async function benchCheckAll(ctx) {
  const label = 'check --all --json: every lab of the course, warm engine';
  try {
    const env = { ...ctx.env, DOCKER_DOJO_HOME: path.join(ctx.tmp, 'check-all-home'), DOCKER_DOJO_WORKSPACE: path.join(ctx.tmp, 'check-all-work') };
    const course = JSON.parse(mustRun(NODE, [BIN, 'list', '--json'], { env }));
    const labs = course.modules.flatMap((m) => m.lessons.flatMap((l) => l.labs.map((lab) => lab.id)));
    for (const lab of labs) await timed(NODE, [BIN, 'check', lab, '--json'], { env, okCodes: [0, 1], timeoutMs: 180_000 });
    const samples = await repeat(ctx.runs, async () => {
      const r = await timed(NODE, [BIN, 'check', '--all', '--json'], { env, okCodes: [0, 1], timeoutMs: 120_000 });
      const graded = JSON.parse(r.stdout).summary;
      if (graded.labs !== labs.length || graded.errors) throw new Error(`check --all graded ${graded.labs} of ${labs.length} labs with ${graded.errors} errors`);
      return r.ms;
    });
    return row('check', `${label} (${labs.length} labs)`, 'ms', { samples, target: { max: 1000, text: '≤ 1 s' } });
  } catch (error) {
    return naRow('check', label, `n/a (${firstLine(error.message).slice(0, 200)})`);
  }
}

async function benchWatch(ctx) {
  const label = `watch: engine event → ${LAB.id} shown passed`;
  if (!ctx.appBuilt) return [naRow('watch', label, 'n/a (interactive app not built)')];
  if (!has('tmux')) return [naRow('watch', label, 'n/a (tmux not found)')];
  ctx.usesDocker();
  ensureImage(LAB.image);
  removeBenchContainers();
  const term = ctx.terminal();
  const vars = { DOCKER_DOJO_HOME: path.join(ctx.tmp, 'watch-home'), DOCKER_DOJO_WORKSPACE: path.join(ctx.tmp, 'watch-work') };
  const passed = (screen) => screen.toLowerCase().includes(ctx.passedText.toLowerCase());
  ctx.notes.push(`Watch: from the container's start event (\`docker run\` of the lab's solution in another process) to the screen showing "${ctx.passedText}" (set with --passed-text); screen polled every 10 ms.`);
  const pid = term.launch([NODE, BIN, '--course', FIXTURE, 'open', LAB.id], vars);
  try {
    await term.waitFor((s) => s.includes(LAB.title), { deadlineMs: 10_000, what: `open lab "${LAB.title}"` });
    const samples = await repeat(ctx.runs, async () => {
      removeBenchContainers();
      await term.waitFor((s) => !passed(s), { deadlineMs: 10_000, what: 'lab shown as not passed after removing its container' });
      const startedAt = Date.now();
      const runner = spawn('docker', labContainerArgs(), { stdio: 'ignore' });
      const exited = new Promise((resolve) => runner.on('exit', () => resolve(Date.now())));
      const seenPerf = await term.waitFor(passed, { deadlineMs: 15_000, what: `"${ctx.passedText}"` });
      const seenAt = Date.now() - (now() - seenPerf);
      const runExitAt = await exited;
      const eventAt = startEventTime(startedAt) ?? runExitAt;
      if (process.env.DOJO_BENCH_DEBUG) {
        process.stderr.write(`watch: docker run → start event ${Math.round(eventAt - startedAt)} ms, → run exited ${runExitAt - startedAt} ms, → passed on screen ${Math.round(seenAt - startedAt)} ms\n`);
      }
      return seenAt - eventAt;
    });
    return [row('watch', label, 'ms', { samples, target: { max: 300, text: '≤ 300 ms' } })];
  } finally {
    await term.quit(pid);
    removeBenchContainers();
  }
}

/** When the engine says bench-web started (its own clock, same machine), in epoch ms. */
function startEventTime(sinceMs) {
  const r = run('docker', ['events', '--since', (sinceMs / 1000 - 1).toFixed(3), '--until', (Date.now() / 1000).toFixed(3), '--filter', 'type=container', '--filter', 'event=start', '--filter', 'container=bench-web', '--format', '{{.TimeNano}}'], { timeoutMs: 10_000 });
  const nanos = r.stdout.trim().split('\n').filter(Boolean).at(-1);
  return nanos ? Number(BigInt(nanos) / 1000n) / 1000 : undefined;
}

async function benchCourseVerb(ctx, verb, okCodes) {
  const env = { ...ctx.env, DOCKER_DOJO_HOME: path.join(ctx.tmp, `${verb}-home`), DOCKER_DOJO_WORKSPACE: path.join(ctx.tmp, `${verb}-work`) };
  const samples = await repeat(ctx.runs, () => timed(NODE, [BIN, verb], { env, okCodes }));
  return [row(verb, `${verb} (whole course)`, 'ms', { samples: samples.map((s) => s.ms) })];
}

async function benchFootprint(ctx) {
  const ours = footprint(ctx, 'docker-dojo', () => {
    const packed = JSON.parse(mustRun('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', ctx.tmp], { env: ctx.npmEnv, timeoutMs: 120_000 }))[0];
    return path.join(ctx.tmp, packed.filename);
  });
  let theirs;
  try {
    theirs = footprint(ctx, 'learnyounode', () => {
      const packed = JSON.parse(mustRun('npm', ['pack', 'learnyounode', '--json', '--pack-destination', ctx.tmp], { env: ctx.npmEnv, timeoutMs: 180_000 }))[0];
      return path.join(ctx.tmp, packed.filename);
    });
  } catch (error) {
    ctx.notes.push(`learnyounode could not be measured: ${error.message}`);
  }
  const vs = (key, unit) => (theirs ? { below: theirs[key], text: `< ${fmt(theirs[key], unit)} (learnyounode)` } : undefined);
  return [
    row('footprint', 'package tarball (npm pack)', 'MB', { value: ours.tarball, target: vs('tarball', 'MB') }),
    row('footprint', 'installed size (du of node_modules)', 'MB', { value: ours.installed, target: vs('installed', 'MB') }),
    row('footprint', 'installed packages', 'count', { value: ours.packages, target: vs('packages', 'count') }),
  ];
}

/** Packs, installs the tarball into an empty folder, and measures what landed. */
function footprint(ctx, name, pack) {
  const tarball = pack();
  const dir = fs.mkdtempSync(path.join(ctx.tmp, `install-${name}-`));
  fs.writeFileSync(path.join(dir, 'package.json'), '{"private":true}\n');
  mustRun('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', tarball], { cwd: dir, env: ctx.npmEnv, timeoutMs: 300_000 });
  const modules = path.join(dir, 'node_modules');
  const du = Number(mustRun('du', ['-sk', modules]).split(/\s+/)[0]) * 1024;
  if (name === 'docker-dojo') {
    const printed = run(NODE, [path.join(modules, 'docker-dojo/bin/docker-dojo.js'), '--version'], { env: ctx.env }).stdout.trim();
    if (printed !== ctx.pkg.version) ctx.notes.push(`The installed package did not start: --version printed "${printed}".`);
  }
  return { tarball: fs.statSync(tarball).size, installed: du, packages: countPackages(modules) };
}

/** Packages under a node_modules folder, nested ones included (each folder with a package.json). */
function countPackages(modules) {
  if (!fs.existsSync(modules)) return 0;
  let count = 0;
  for (const entry of fs.readdirSync(modules)) {
    if (entry.startsWith('.')) continue;
    const dirs = entry.startsWith('@') ? fs.readdirSync(path.join(modules, entry)).map((e) => path.join(modules, entry, e)) : [path.join(modules, entry)];
    for (const dir of dirs) {
      if (!fs.existsSync(path.join(dir, 'package.json'))) continue;
      count += 1 + countPackages(path.join(dir, 'node_modules'));
    }
  }
  return count;
}

// ───────────────────────────── machine and report ─────────────────────────────

function machine(env) {
  const cpu = /model name\s*:\s*(.+)/.exec(safeRead('/proc/cpuinfo'))?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  const dockerVersion = output('docker', ['version', '--format', '{{.Server.Version}}'], { env, timeoutMs: 10_000 });
  const git = output('git', ['rev-parse', '--short', 'HEAD']);
  const dirty = output('git', ['status', '--porcelain']) ? ' + uncommitted changes' : '';
  return {
    date: new Date(),
    cpu: cpu.trim(),
    cores: os.availableParallelism?.() ?? os.cpus().length,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    node: process.version,
    docker: dockerVersion || 'not reachable',
    os: `${os.type()} ${os.release()}`,
    load: loadAverage(),
    commit: git ? `${git}${dirty}` : 'unknown',
  };
}

const loadAverage = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

/** A command's trimmed output, or '' when it is missing or fails. */
function output(cmd, args, options) {
  try {
    const r = run(cmd, args, options);
    return r.status === 0 ? r.stdout.trim() : '';
  } catch {
    return '';
  }
}

function safeRead(file) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function report(opts, m, rows, notes) {
  const stamp = m.date.toISOString().replace('T', ' ').slice(0, 16);
  const scope = opts.sections.length === SECTIONS.length ? 'full run' : `sections ${opts.sections.join(', ')}`;
  return [
    `## ${stamp} UTC · ${scope}, ${opts.runs} run${opts.runs === 1 ? '' : 's'} each`,
    '',
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memory}; ${m.os}; Node ${m.node}; Docker ${m.docker}; commit ${m.commit}. Load average (1, 5, 15 min) ${m.load} at the start, ${m.loadAtEnd} at the end.`,
    '',
    renderTable(rows),
    '',
    ...notes.map((n) => `- ${n}`),
    '',
  ].join('\n');
}

const BENCHMARKS_HEADER = `# Benchmarks

\`npm run bench\` (scripts/bench.mjs) builds the package and measures what a learner waits for:
start-up, the interactive app's first frame, grading a lab against the engine (beside the
shell-script grader that does the same checks, and the least a Node grader with no libraries
can do), watch mode, \`list\` and \`lint\`, and the install footprint. Each figure is the median of
several runs after one warm-up run, with min and max. Targets are reported, not enforced. Every
run appends a section below; earlier runs stay for comparison.
`;

// ───────────────────────────── main ─────────────────────────────

async function main() {
  let opts;
  try {
    opts = parseOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error.message}\n${USAGE}\n`);
    return 2;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dojo-bench-'));
  onCleanup(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const stripped = opts.keepEnv ? [] : Object.keys(process.env).filter((k) => MACHINE_ONLY_ENV.includes(k) || CI_ENV.test(k));
  const env = { ...process.env };
  for (const key of stripped) delete env[key];
  delete env.DOCKER_DOJO_COURSE;
  env.DOCKER_DOJO_HOME = path.join(tmp, 'home');
  env.DOCKER_DOJO_WORKSPACE = path.join(tmp, 'work');
  const strippedNodeEnv = stripped.filter((k) => MACHINE_ONLY_ENV.includes(k));

  const notes = [];
  if (opts.build) {
    process.stderr.write('bench: building…\n');
    const r = run('npm', ['run', 'build', '--silent'], { timeoutMs: 300_000 });
    if (r.status !== 0) {
      process.stderr.write(`bench: the build failed, nothing to measure.\n${r.stderr || r.stdout}\n`);
      return 1;
    }
  } else if (!fs.existsSync(path.join(ROOT, 'dist/cli.js'))) {
    process.stderr.write('bench: dist/ is missing; run without --no-build.\n');
    return 1;
  }

  const m = machine(env);
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const appBuilt = /^\s+open\b/m.test(helpText(env));
  let terminal;
  let dockerCleanup = false;
  const ctx = {
    runs: opts.runs,
    env,
    npmEnv: process.env,
    tmp,
    pkg,
    notes,
    appBuilt,
    strippedEnv: strippedNodeEnv,
    frameText: opts.frameText,
    passedText: opts.passedText,
    terminal: () => (terminal ??= new Terminal(tmp, env)),
    usesDocker: () => {
      if (dockerCleanup) return;
      dockerCleanup = true;
      onCleanup(removeBenchContainers);
    },
  };

  const benches = {
    version: benchVersion,
    app: benchApp,
    check: benchCheck,
    watch: benchWatch,
    list: (c) => benchCourseVerb(c, 'list', [0]),
    lint: (c) => benchCourseVerb(c, 'lint', [0, 1]),
    footprint: benchFootprint,
  };
  const rows = [];
  for (const section of opts.sections) {
    process.stderr.write(`bench: ${section}…\n`);
    try {
      rows.push(...(await benches[section](ctx)));
    } catch (error) {
      rows.push(naRow(section, SECTION_LABEL[section], `error: ${firstLine(error.message).slice(0, 240)}`));
    }
  }

  notes.unshift(
    `Children run as a learner's shell would${stripped.length ? `: without ${stripped.join(', ')}` : ''}${opts.keepEnv ? ' (--keep-env: with this shell\'s environment)' : ''}; progress in a temporary folder.`,
    `Peak RSS ${TIME_BIN ? 'from /usr/bin/time' : 'polled from /proc (approximate: install `time` for exact figures)'}; times are wall clock from spawn to exit or to the frame on screen.`,
  );
  m.loadAtEnd = loadAverage();
  if (Math.max(os.loadavg()[0], Number(m.load.split(' ')[0])) > m.cores) {
    notes.push(`The machine was busy (load average above its ${m.cores} cores): other work shared the CPU, so times are higher and wider than on an idle machine.`);
  }
  const text = report(opts, m, rows, notes);
  process.stdout.write(`\n${text}`);

  if (opts.record) {
    const file = path.join(ROOT, 'BENCHMARKS.md');
    const before = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : BENCHMARKS_HEADER;
    fs.writeFileSync(file, `${before.trimEnd()}\n\n${text}`);
    process.stderr.write(`bench: appended to ${path.relative(process.cwd(), file) || file}\n`);
  }
  return rows.some((r) => r.figure) ? 0 : 1;
}

main().then(
  (code) => {
    cleanupAll();
    process.exitCode = code;
  },
  (error) => {
    cleanupAll();
    process.stderr.write(`bench: ${error.stack ?? error}\n`);
    process.exitCode = 1;
  },
);
