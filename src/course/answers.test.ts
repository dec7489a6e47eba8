import { describe, expect, it } from 'vitest';
import { gradeAnswer } from './answers.js';
import { sameMeaning } from './meaning.js';
import type { Question } from './schema.js';

const typed = (accept: string[]): Question => ({ id: 'q', prompt: 'p', accept, explanation: 'e' });
const live: Question = { id: 'q', prompt: 'p', live: { fact: 'server-version' }, explanation: 'e' };

describe('a typed answer is judged by what it means', () => {
  it.each([
    ['10s', '10 seconds'],
    ['10 sec', '10s'],
    ['1m', '60s'],
    ['512m', '512 MiB'],
    ['1g', '1024 MB'],
    ['2 CPUs', '2'],
    ['3 layers', '3'],
    ['v1.41', '1.41'],
    ['1.41', 'v1.41'],
    ['20.10.24', '20.10.24+dfsg1'],
    ['26.1.5', '26.1.5'],
    ['docker container ps -a', 'docker ps -a'],
    ['docker container ls --all', 'docker ps -a'],
    ['docker ps -a', 'docker container list -a'],
    ['image ls', 'docker images'],
    ['docker rmi alpine:3.20', 'docker image rm alpine:3.20'],
    ['docker container run -d nginx', 'docker run -d nginx'],
    ['history', 'image history'],
    ['docker builder build .', 'docker build .'],
    ['{"live-restore":true}', '{"live-restore": true}'],
    ['{ "live-restore" : true }', '"live-restore": true'],
    ['{"b": [1, 2], "a": null}', '{"a":null,"b":[1,2]}'],
    ['  `Overlay2` ', 'overlay2'],
  ])('%j means %j', (given, expected) => {
    expect(sameMeaning(given, expected)).toBe(true);
  });

  it.each([
    ['10', '10 seconds'],
    ['10ms', '10s'],
    ['2 GB', '2'],
    ['20.10', '20.10.24'],
    ['20.10.25', '20.10.24+dfsg1'],
    ['20.10.24+deb', '20.10.24+dfsg1'],
    ['1.41', '1.4'],
    ['docker ps', 'docker ps -a'],
    ['docker stack ps web', 'docker stack ls web'],
    ['docker service ps web', 'docker service ls web'],
    ['docker start -a web', 'docker start web'],
    ['{"live-restore": false}', '{"live-restore": true}'],
    ['', ''],
    ['overlay', 'overlay2'],
  ])('%j does not mean %j', (given, expected) => {
    expect(sameMeaning(given, expected)).toBe(false);
  });

  it('applies to the answers a course accepts and to answers read from the engine', () => {
    expect(gradeAnswer(typed(['10 seconds']), '10s').correct).toBe(true);
    expect(gradeAnswer(typed(['docker ps -a']), 'docker container ps -a').correct).toBe(true);
    expect(gradeAnswer(live, '20.10.24', '20.10.24+dfsg1').correct).toBe(true);
    expect(gradeAnswer(live, 'v26.1.5', '26.1.5').correct).toBe(true);
    expect(gradeAnswer(live, '26.1', '26.1.5').correct).toBe(false);
    expect(gradeAnswer({ ...live, live: { fact: 'cpus' } }, '2 CPUs', '2').correct).toBe(true);
  });
});
