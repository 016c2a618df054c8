import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ImageFormat } from './decode.ts';

/**
 * Images on disk, by content: `<dir>/ab/<sha256>.<ext>` for the bytes as received (kept as
 * evidence, never served), and `<dir>/ab/<sha256>.view.jpg|png` for the copy the desk shows (first
 * frame, no metadata). Written to a temporary name and renamed, so a reader never sees half a file
 * and two writers of the same image end with the same bytes.
 */
export class ImageStore {
  constructor(readonly dir: string) {}

  static sha256(bytes: Buffer): string {
    return createHash('sha256').update(bytes).digest('hex');
  }

  originalPath(sha: string, format: ImageFormat): string {
    return path.join(this.dir, sha.slice(0, 2), `${sha}.${format === 'jpeg' ? 'jpg' : format}`);
  }

  viewPath(sha: string, mime: 'image/jpeg' | 'image/png'): string {
    return path.join(this.dir, sha.slice(0, 2), `${sha}.view.${mime === 'image/png' ? 'png' : 'jpg'}`);
  }

  async putOriginal(sha: string, format: ImageFormat, bytes: Buffer): Promise<string> {
    const file = this.originalPath(sha, format);
    await writeOnce(file, bytes);
    return file;
  }

  async putView(sha: string, mime: 'image/jpeg' | 'image/png', bytes: Buffer): Promise<void> {
    await writeOnce(this.viewPath(sha, mime), bytes);
  }

  readOriginal(sha: string, format: ImageFormat): Promise<Buffer> {
    return fs.readFile(this.originalPath(sha, format));
  }

  /** The desk's copy, whichever format it was written in; null when it is not there (yet). */
  async readView(sha: string): Promise<{ body: Buffer; mime: 'image/jpeg' | 'image/png' } | null> {
    for (const mime of ['image/jpeg', 'image/png'] as const) {
      const body = await fs.readFile(this.viewPath(sha, mime)).catch(() => null);
      if (body) return { body, mime };
    }
    return null;
  }
}

async function writeOnce(file: string, bytes: Buffer): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  await fs.writeFile(tmp, bytes);
  await fs.rename(tmp, file);
}
