import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cosineDense, loadEmbedder } from '../../../src/classify/embeddings.ts';
import { silentLogger } from '../../../src/log.ts';
import { writeTinyBert } from '../../helpers/tiny-bert.ts';

describe('loadEmbedder', () => {
  it('loads a model from the local models directory offline and mean-pools normalised vectors', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'saring-models-'));
    const { vectors } = writeTinyBert(root, 'uji/tiny-bert', ['polisi', 'hoaks', 'gunung', 'lawu', 'erupsi']);
    const embedder = await loadEmbedder({
      manifest: { id: 'uji/tiny-bert', dim: 4, quantized: false },
      modelsDir: root,
      allowDownload: false,
      log: silentLogger,
    });
    expect(embedder).not.toBeNull();
    const [a, b, c] = await embedder!.embed(['Gunung Lawu erupsi', 'gunung lawu ERUPSI', 'hoaks polisi']);
    // Mean over all tokens ([CLS] and [SEP] embed to zero here), then L2-normalised.
    const expected = [0, 1, 2, 3].map((k) => (vectors.get('gunung')![k]! + vectors.get('lawu')![k]! + vectors.get('erupsi')![k]!) / 5);
    const norm = Math.hypot(...expected);
    expect([...a!].map((x) => x.toFixed(5))).toEqual(expected.map((x) => (x / norm).toFixed(5)));
    expect(cosineDense(a!, b!)).toBeCloseTo(1, 5);
    expect(cosineDense(a!, c!)).toBeLessThan(0.99);
  });

  it('says why and returns null when no model is on disk and downloads are not allowed', async () => {
    const logged: string[] = [];
    const log = { ...silentLogger, warn: (_o: unknown, msg: string) => void logged.push(msg) } as unknown as typeof silentLogger;
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'saring-models-'));
    expect(
      await loadEmbedder({ manifest: { id: 'Xenova/paraphrase-multilingual-MiniLM-L12-v2', dim: 384, quantized: true }, modelsDir: root, log }),
    ).toBeNull();
    expect(logged[0]).toMatch(/no embedding model at .*paraphrase-multilingual-MiniLM-L12-v2; embeddings are off/);
  });
});
