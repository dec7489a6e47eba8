import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCourse, readStarterFiles } from './load.js';
import type { Lab, Lesson } from './model.js';
import { formatIssue } from './model.js';
import { imagesInCommand, imagesInFile, normalImageRef, parseImageList, unprovidedImageIssues } from './images-named.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const KIT = parseImageList(readFileSync(`${ROOT}scripts/kit-images.txt`, 'utf8'));

const lesson = (body: string) => ({ id: 'l', file: 'lessons/01-l.md', body, bodyLine: 10 }) as unknown as Lesson;
const lab = (fields: Partial<Lab>) =>
  ({ id: 'x', file: 'labs/x.md', solution: [], nearMisses: [], alternatives: [], setup: [], checks: [], ...fields }) as unknown as Lab;

describe('images a course names', () => {
  it('normalises refs the way Docker reads them', () => {
    expect(normalImageRef('alpine')).toBe('alpine:latest');
    expect(normalImageRef('docker.io/library/alpine:3.20')).toBe('alpine:3.20');
    expect(normalImageRef('127.0.0.1:5001/app')).toBe('127.0.0.1:5001/app:latest');
    expect(parseImageList('# kit\nalpine:3.20\n\nbusybox  # small\n')).toEqual(new Set(['alpine:3.20', 'busybox:latest']));
  });

  it('finds the image of run, create, pull and service create past their options', () => {
    expect(imagesInCommand('docker run -d --name web -p 127.0.0.1:8040:80 -e A=1 nginx:1.27-alpine').used).toEqual(['nginx:1.27-alpine']);
    expect(imagesInCommand('docker run -dit --rm --name box alpine:3.20 sh').used).toEqual(['alpine:3.20']);
    expect(imagesInCommand('docker run -dp 8080:80 --mount type=volume,src=v,dst=/d busybox:1.36 true').used).toEqual(['busybox:1.36']);
    expect(imagesInCommand('docker container create --name=c hello-world').used).toEqual(['hello-world']);
    expect(imagesInCommand('docker image pull -q redis:7').used).toEqual(['redis:7']);
    expect(imagesInCommand('docker service create --name s --replicas 2 -p 8080:80 nginx').used).toEqual(['nginx']);
    expect(imagesInCommand('docker service update --image nginx:1.27-alpine s').used).toEqual(['nginx:1.27-alpine']);
  });

  it('reads every command of a shell block, and FROM lines written into a Dockerfile', () => {
    const named = imagesInCommand("docker pull ubuntu && printf 'FROM alpine:3.20 AS base\\nRUN true\\n' | docker build -t mine:1 -\ndocker tag mine:1 mine:2");
    expect(named.used).toEqual(['ubuntu', 'alpine:3.20']);
    expect(named.made).toEqual(['base', 'mine:1', 'mine:2']);
    expect(imagesInFile('Dockerfile', 'FROM golang:1.22 AS build\nFROM build\n').used).toEqual(['golang:1.22', 'build']);
    expect(imagesInFile('compose.yaml', 'services:\n  db:\n    image: "redis:7"\n').used).toEqual(['redis:7']);
  });

  it('names a runnable block or a lab that asks for an image the list lacks, and leaves the rest alone', () => {
    const course = {
      lessons: [
        lesson('text\n\n```sh run\ndocker run --rm ubuntu:24.04 bash\n```\n\n```sh\ndocker run debian\n```\n\n```sh run\ndocker run --rm alpine:3.20 true\n```\n'),
      ],
      labs: [
        lab({ solution: ['docker build -t app:1 .', 'docker run -d app:1', 'docker run -d 127.0.0.1:5001/app:1'], setup: [{ kind: 'pull', image: 'postgres:16' }] as Lab['setup'] }),
      ],
    };
    const issues = unprovidedImageIssues(course, KIT).map(formatIssue);
    expect(issues).toHaveLength(2);
    expect(issues[0]).toMatch(/^lessons\/01-l\.md:12: names the image ubuntu:24\.04/);
    expect(issues[1]).toMatch(/^labs\/x\.md setup\[0\]\.image: names the image postgres:16/);
  });

  it('the shipped course names only images the offline kit provides, in lessons, labs and starters', async () => {
    const { course } = await readCourse(ROOT, { bundled: true });
    const starters = await readStarterFiles(course);
    expect(starters.map((s) => s.file)).toContain('labs/starters/build-hello/Dockerfile');
    expect(unprovidedImageIssues(course, KIT, starters).map(formatIssue)).toEqual([]);
  });
});
