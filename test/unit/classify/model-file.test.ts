import { isAscii } from 'node:buffer';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_PATH } from '../../../src/classify/hoax-model.ts';
import { modelJson, readModelFile, writeModelFile } from '../../../src/classify/model-file.ts';
import { DEFAULT_TRIAGE_PATH } from '../../../src/classify/police-triage.ts';

describe('model files', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'saring-model-file-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  // Characters a vocabulary holds: accented Latin, typographic quotes, emoji (a surrogate pair), a JSON escape.
  const artifact = { terms: ['café', '“hoaks”', 'polisi 👮', 'tab\there', 'kutip "ini"', '\u007f'], idf: [1.5, 2.25e-7, 0] };

  it('are written in ASCII, and read back to the same values', () => {
    const file = path.join(dir, 'm.json');
    writeModelFile(file, artifact);
    const bytes = fs.readFileSync(file);
    expect(isAscii(bytes)).toBe(true);
    expect(bytes.toString('latin1')).toContain('caf\\u00e9');
    expect(readModelFile(file, 'test model')).toEqual(artifact);
    expect(JSON.parse(modelJson(artifact))).toEqual(artifact);
  });

  it('read files with raw UTF-8 characters (older models) as UTF-8', () => {
    const file = path.join(dir, 'utf8.json');
    fs.writeFileSync(file, JSON.stringify(artifact));
    expect(isAscii(fs.readFileSync(file))).toBe(false);
    expect(readModelFile(file, 'test model')).toEqual(artifact);
  });

  it('name the model and the file when one is not JSON', () => {
    const file = path.join(dir, 'bad.json');
    fs.writeFileSync(file, '{"terms": [');
    expect(() => readModelFile(file, 'police triage model')).toThrow(new RegExp(`^police triage model: ${file.replace(/[.\\/]/g, '\\$&')} is not valid JSON`));
  });

  it('are shipped in ASCII, so every process reads them the fast way', () => {
    for (const file of [DEFAULT_MODEL_PATH, DEFAULT_TRIAGE_PATH]) expect(isAscii(fs.readFileSync(file)), file).toBe(true);
  });
});
