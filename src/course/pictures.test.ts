import { describe, expect, it } from 'vitest';
import { parsePicture, parsePictureBlock, pictureId, pictureTitle, replacePictureBlocks } from './pictures.js';

describe('picture blocks', () => {
  it('reads the picture from the block text or from the fence line', () => {
    expect(parsePictureBlock('dojo', 'picture engine\n')).toEqual({ kind: 'engine' });
    expect(parsePictureBlock('dojo picture engine', '')).toEqual({ kind: 'engine' });
    expect(parsePictureBlock('dojo', 'picture layers alpine:3.20 nginx:1.27-alpine')).toEqual({ kind: 'layers', image: 'alpine:3.20', compare: 'nginx:1.27-alpine' });
    expect(parsePictureBlock('dojo picture layers', 'build-hello:1.0')).toEqual({ kind: 'layers', image: 'build-hello:1.0' });
  });

  it('names no picture for other blocks or words it does not know', () => {
    expect(parsePictureBlock('sh', 'picture engine')).toBeUndefined();
    expect(parsePictureBlock('dojo', 'picture volcano')).toBeUndefined();
    expect(parsePictureBlock('dojo', 'picture engine now')).toBeUndefined();
    expect(parsePictureBlock('dojo', 'picture layers')).toBeUndefined();
    expect(parsePictureBlock('dojo', 'picture layers a b c')).toBeUndefined();
    expect(parsePictureBlock('dojo', 'picture layers $(rm -rf ~)')).toBeUndefined();
  });

  it('round-trips through its id, which is what the app route carries', () => {
    for (const spec of [{ kind: 'engine' as const }, { kind: 'layers' as const, image: 'alpine:3.20' }, { kind: 'layers' as const, image: 'a:1', compare: 'b:2' }]) {
      expect(parsePicture(pictureId(spec))).toEqual(spec);
    }
    expect(pictureTitle({ kind: 'engine' })).toBe('your engine as a picture');
    expect(pictureTitle({ kind: 'layers', image: 'a:1', compare: 'b:2' })).toBe('the layers of a:1 and b:2 as a picture');
  });

  it('turns picture blocks into one line for plain text, leaving other fences (and fences inside fences) alone', () => {
    const markdown = [
      'Intro.',
      '',
      '```dojo',
      'picture engine',
      '```',
      '',
      '````markdown',
      '```dojo',
      'picture engine',
      '```',
      '````',
      '',
      '```sh run',
      'docker info',
      '```',
      '```dojo picture layers alpine:3.20',
      '```',
      'End.',
    ].join('\n');
    const out = replacePictureBlocks(markdown, (spec) => `(picture: ${pictureId(spec)})`);
    expect(out.split('\n')).toEqual([
      'Intro.',
      '',
      '(picture: engine)',
      '',
      '````markdown',
      '```dojo',
      'picture engine',
      '```',
      '````',
      '',
      '```sh run',
      'docker info',
      '```',
      '(picture: layers alpine:3.20)',
      'End.',
    ]);
  });
});
