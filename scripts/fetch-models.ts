/**
 * Downloads the embedding model named in models/manifest.json from the Hugging Face hub into
 * models/<id>/ (npm run fetch-models), on a machine that is online. Later starts load it from there
 * with no network. Exits 1 when it could not be fetched.
 */
import { loadEmbedder, readManifest } from '../src/classify/embeddings.ts';
import { createLogger } from '../src/log.ts';

const log = createLogger({ level: 'info', format: process.stderr.isTTY ? 'pretty' : 'json' });
const manifest = readManifest();
const embedder = await loadEmbedder({
  manifest,
  allowDownload: true,
  log,
  ...(process.env.SARING_MODELS_DIR ? { modelsDir: process.env.SARING_MODELS_DIR } : {}),
});
if (!embedder) process.exit(1);
const [v] = await embedder.embed(['Polres Belitung Timur membantah kabar penculikan anak di Manggar.']);
console.log(`${manifest.id}: ready, ${v!.length}-dimensional vectors`);
