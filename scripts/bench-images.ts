/**
 * `npm run bench:images`: images/s of the images stage's two costs, on this machine: the perceptual
 * hashes (decode + 7 pHashes) and OCR (Tesseract in a child process, one core each), with 1 and 2
 * recognitions at a time. Images: real hoax texts rendered as chat screenshots by Chromium (as in
 * eval:images), at phone resolution (824 px wide). Prints figures, asserts nothing.
 */
import os from 'node:os';
import sharp from 'sharp';
import { decodeImage } from '../src/images/decode.ts';
import { imageHashes } from '../src/images/hash.ts';
import { runOcr } from '../src/images/ocr.ts';
import { displayCopy, ocrInput } from '../src/images/prepare.ts';
import { renderChatShots } from './lib/chat-screenshots.ts';
import { loadDataset } from './lib/datasets.ts';

const N = Number(process.argv[process.argv.indexOf('--n') + 1]) || 24;
const texts = loadDataset('ifn')
  .filter((d) => d.split === 'test')
  .slice(0, N)
  .map((d) => d.text.slice(0, 600));
const shots = await renderChatShots(texts.map((text, i) => ({ text, sender: `+62 812-7000-${1000 + i}`, style: i % 4 === 3 ? 'poster' : 'wa' })));
const metas = await Promise.all(shots.map((b) => sharp(b).metadata()));
console.log(
  `${shots.length} screenshots, median ${metas.map((m) => m.width!).sort((a, b) => a - b)[shots.length >> 1]} × ${metas.map((m) => m.height!).sort((a, b) => a - b)[shots.length >> 1]} px; ${os.cpus().length} cores`,
);

async function timed(label: string, n: number, fn: () => Promise<void>): Promise<void> {
  const t = process.hrtime.bigint();
  await fn();
  const s = Number(process.hrtime.bigint() - t) / 1e9;
  console.log(`${label}: ${(n / s).toFixed(1)} images/s (${((s / n) * 1000).toFixed(0)} ms each)`);
}

await timed('hashes (decode, 7 pHashes)', shots.length * 3, async () => {
  for (let r = 0; r < 3; r++) for (const [i, b] of shots.entries()) await imageHashes(decodeImage(b), metas[i]!.width!, metas[i]!.height!);
});
await timed('desk copy (decode, resize, JPEG without metadata)', shots.length, async () => {
  for (const b of shots) await displayCopy(decodeImage(b));
});
const inputs = await Promise.all(shots.map((b, i) => ocrInput(decodeImage(b), metas[i]!.width!, metas[i]!.height!)));
for (const parallel of [1, 2]) {
  await timed(`OCR, ${parallel} at a time`, inputs.length, async () => {
    let next = 0;
    await Promise.all(
      Array.from({ length: parallel }, async () => {
        while (next < inputs.length) {
          const r = await runOcr(inputs[next++]!);
          if (r.status !== 'success') throw new Error(r.status === 'unavailable' ? r.error : `OCR failed: ${r.error}`);
        }
      }),
    );
  });
}
