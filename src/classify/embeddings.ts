import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../log.ts';
import { MODELS_DIR } from './normalise.ts';

/**
 * Sentence embeddings through @xenova/transformers: feature extraction, mean pooling, L2-normalised.
 * Looked for in the local models directory first; downloaded from the Hugging Face hub only when
 * the caller allows it (the product on an online machine — never tests). When neither works the
 * caller gets null and a log line that says why: embeddings are optional, TF-IDF carries on.
 */
export interface EmbeddingManifest {
  id: string;
  dim: number;
  quantized: boolean;
}

export interface Embedder {
  id: string;
  dim: number;
  embed(texts: string[]): Promise<Float32Array[]>;
}

export function readManifest(file = path.join(MODELS_DIR, 'manifest.json')): EmbeddingManifest {
  const m = (JSON.parse(fs.readFileSync(file, 'utf8')) as { embedding?: EmbeddingManifest }).embedding;
  if (!m?.id || !m.dim) throw new Error(`${file}: "embedding" needs an "id" and a "dim"`);
  return m;
}

export async function loadEmbedder(opts: {
  manifest: EmbeddingManifest;
  /** Where <id>/ folders are looked for. (Default: models/) */
  modelsDir?: string;
  /** Fetch from the hub when the model is not on disk. (Default: false) */
  allowDownload?: boolean;
  log: Logger;
}): Promise<Embedder | null> {
  const modelsDir = opts.modelsDir ?? MODELS_DIR;
  const local = path.join(modelsDir, opts.manifest.id);
  const onDisk = fs.existsSync(path.join(local, 'config.json'));
  if (!onDisk && !opts.allowDownload) {
    opts.log.warn(
      { model: opts.manifest.id, looked_in: local },
      `no embedding model at ${local}; embeddings are off (set SARING_ALLOW_MODEL_DOWNLOAD=1 on an online machine to fetch it)`,
    );
    return null;
  }
  const { env, pipeline } = await import('@xenova/transformers');
  env.localModelPath = modelsDir;
  env.allowLocalModels = true;
  env.allowRemoteModels = Boolean(opts.allowDownload) && !onDisk;
  // Downloads land where the next start looks first: models/<id>/ (git-ignored).
  env.cacheDir = modelsDir;
  try {
    const extract = await pipeline('feature-extraction', opts.manifest.id, { quantized: opts.manifest.quantized });
    return {
      id: opts.manifest.id,
      dim: opts.manifest.dim,
      async embed(texts) {
        if (!texts.length) return [];
        const out = (await extract(texts, { pooling: 'mean', normalize: true })) as { data: Float32Array; dims: number[] };
        const dim = out.dims[out.dims.length - 1]!;
        return texts.map((_, i) => out.data.slice(i * dim, (i + 1) * dim));
      },
    };
  } catch (err) {
    opts.log.warn({ model: opts.manifest.id, err: (err as Error).message }, `embedding model ${opts.manifest.id} could not be loaded; embeddings are off`);
    return null;
  }
}

/** Cosine of two L2-normalised vectors. */
export function cosineDense(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  return dot;
}
