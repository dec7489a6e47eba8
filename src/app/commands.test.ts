import { describe, expect, it } from 'vitest';
import { commandLines, needsTerminal, planCommand, quoteWord } from './commands.js';
import { runPiped } from './run.js';

const plan = (command: string, shell = false, env: NodeJS.ProcessEnv = {}) => planCommand({ command, shell, cwd: '/tmp' }, env);

describe('planCommand', () => {
  it('splits words like a shell: quotes, escapes and variables, without running a shell', () => {
    expect(plan(`docker run --name "my web" -e 'A=b c' -e X=$HOME\\ dir alpine echo \\"hi\\"`, false, { HOME: '/root' }).argv).toEqual([
      'docker', 'run', '--name', 'my web', '-e', 'A=b c', '-e', 'X=/root dir', 'alpine', 'echo', '"hi"',
    ]);
  });

  it('shows the command exactly as it will run, quoting only where needed', () => {
    expect(plan('docker run --name "my web" alpine:3.20').display).toBe("docker run --name 'my web' alpine:3.20");
    expect(quoteWord("it's")).toBe(`'it'\\''s'`);
  });

  it('refuses shell operators in a block not marked `shell`, and says how to fix it', () => {
    const p = plan('docker ps | grep web');
    expect(p.problem).toBe('This command uses the shell operator "|"; mark the block `sh run shell` to run it with a shell.');
    expect(p.argv).toEqual([]);
  });

  it('runs `shell` blocks with /bin/sh -c, whole', () => {
    const p = plan('docker ps | grep web\necho done', true);
    expect(p.argv).toEqual(['/bin/sh', '-c', 'docker ps | grep web\necho done']);
    expect(p.display).toBe('docker ps | grep web\necho done');
  });

  it('runs a `bash` block under bash, so `time` prints what the lesson shows (real, user, sys)', async () => {
    const p = planCommand({ command: 'time true', shell: true, cwd: '/tmp', language: 'bash' }, {});
    expect(p.argv).toEqual(['bash', '-c', 'time true']);
    const { runPiped } = await import('./run.js');
    let output = '';
    const result = await runPiped(p, (text) => (output += text), process.env).done;
    expect(result.exitCode).toBe(0);
    expect(output).toMatch(/^real\t\d+m[\d.]+s$/m);
    expect(output).toMatch(/^sys\t/m);
  });

  it('joins continued lines, drops prompts and comments, and refuses two commands without a shell', () => {
    expect(commandLines('# pull first\n$ docker run \\\n  -d nginx\n')).toEqual(['docker run -d nginx']);
    expect(plan('docker pull a\ndocker pull b').problem).toMatch(/more than one command/);
  });

  it('keeps glob characters as they are (nothing expands them without a shell)', () => {
    expect(plan('ls *.txt').argv).toEqual(['ls', '*.txt']);
  });
});

describe('needsTerminal', () => {
  const words = (s: string) => s.split(' ');
  it('is true for commands that want the keyboard on a terminal', () => {
    for (const c of ['docker run -it alpine sh', 'docker run -ti --rm alpine', 'docker exec -it web sh', 'docker run -i -t alpine', 'docker run --interactive --tty alpine', 'docker attach web', 'sh']) {
      expect(needsTerminal(words(c)), c).toBe(true);
    }
  });
  it('is false for detached and non-interactive commands', () => {
    for (const c of ['docker run -dit alpine', 'docker run -d -it alpine', 'docker run -d nginx', 'docker ps -a', 'docker run -i alpine cat', 'docker logs -t web']) {
      expect(needsTerminal(words(c)), c).toBe(false);
    }
  });
  it('looks inside shell blocks too', () => {
    expect(plan('docker run -it alpine sh && echo done', true).needsTerminal).toBe(true);
  });
});

describe('runPiped', () => {
  it('streams stdout and stderr and reports the exit code', async () => {
    const chunks: string[] = [];
    const handle = runPiped(plan('echo out; echo err >&2; exit 3', true), (text, stream) => chunks.push(`${stream}:${text}`));
    const result = await handle.done;
    expect(result.exitCode).toBe(3);
    expect(chunks.join('')).toContain('stdout:out');
    expect(chunks.join('')).toContain('stderr:err');
  });

  it('stops the whole process group', async () => {
    const handle = runPiped(plan('sleep 30 & sleep 30; echo never', true), () => {});
    setTimeout(() => handle.stop(), 100);
    const result = await handle.done;
    expect(result.stopped).toBe(true);
    expect(result.exitCode).toBeUndefined();
  });

  it('says when the program is not installed', async () => {
    const result = await runPiped(plan('no-such-program-here --version'), () => {}).done;
    expect(result.error).toBe('no-such-program-here is not installed here (or not on your PATH).');
  });
});
