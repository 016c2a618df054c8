import yauzl from 'yauzl';
import { ParseError } from '../errors.ts';

/**
 * Reading a zip someone sent us (a WhatsApp "Export chat" with media) without trusting it: the
 * central directory is listed, entries are refused by their declared size and compression ratio
 * before a byte is inflated, and yauzl checks while inflating that no entry yields more than it
 * declared (validateEntrySizes), so a zip bomb costs the reader a few kilobytes, not the disk or memory.
 */

export interface ZipLimits {
  /** Entries listed at most; an archive with more is refused. (Default: 20 000) */
  maxEntries: number;
  /** Bytes one entry may inflate to when read. (Default: 64 MiB) */
  maxEntryBytes: number;
  /** Inflated ÷ compressed size above which an entry read is refused as a bomb. (Default: 200; text compresses ~3–10×) */
  maxRatio: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxEntries: 20_000, maxEntryBytes: 64 * 1024 * 1024, maxRatio: 200 };

export interface ZipEntryInfo {
  name: string;
  /** Declared inflated size. */
  bytes: number;
  compressedBytes: number;
}

export interface ZipArchive {
  entries: ZipEntryInfo[];
  /** One entry's bytes, within the limits. */
  read(name: string): Promise<Buffer>;
  close(): void;
}

type Entry = yauzl.Entry;

/** Opens a zip file and lists its entries (directories left out). */
export async function openZip(file: string, limits: Partial<ZipLimits> = {}): Promise<ZipArchive> {
  const lim = { ...DEFAULT_ZIP_LIMITS, ...limits };
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false }, (err, z) => (err ? reject(err) : resolve(z))),
  ).catch((err: Error) => {
    throw new ParseError(`${file}: not a readable zip archive (${err.message})`, { code: 'ZIP_INVALID', cause: err });
  });
  const byName = new Map<string, Entry>();
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (e: Entry) => {
        if (byName.size >= lim.maxEntries) {
          reject(new ParseError(`${file}: more than ${lim.maxEntries} entries in the zip; refused`, { code: 'ZIP_REFUSED' }));
          return;
        }
        if (!e.fileName.endsWith('/')) byName.set(e.fileName, e);
        zip.readEntry();
      });
      zip.on('end', resolve);
      zip.on('error', (err: Error) => reject(new ParseError(`${file}: broken zip archive (${err.message})`, { code: 'ZIP_INVALID', cause: err })));
      zip.readEntry();
    });
  } catch (err) {
    zip.close();
    throw err;
  }
  return {
    entries: [...byName.values()].map((e) => ({ name: e.fileName, bytes: e.uncompressedSize, compressedBytes: e.compressedSize })),
    read: (name) => readEntry(zip, file, byName.get(name), name, lim),
    close: () => zip.close(),
  };
}

async function readEntry(zip: yauzl.ZipFile, file: string, e: Entry | undefined, name: string, lim: ZipLimits): Promise<Buffer> {
  const where = `${file}: "${name}"`;
  if (!e) throw new ParseError(`${where}: no such entry in the zip`, { code: 'ZIP_INVALID' });
  if (e.isEncrypted()) throw new ParseError(`${where}: the entry is encrypted`, { code: 'ZIP_REFUSED' });
  if (e.uncompressedSize > lim.maxEntryBytes) {
    throw new ParseError(`${where}: ${e.uncompressedSize} bytes inflated exceeds the ${lim.maxEntryBytes}-byte limit; refused`, { code: 'ZIP_REFUSED' });
  }
  // A ratio test on tiny entries would refuse a short chat of repeated lines; only sizes that matter count.
  if (e.uncompressedSize > 1024 * 1024 && e.uncompressedSize / Math.max(1, e.compressedSize) > lim.maxRatio) {
    throw new ParseError(
      `${where}: compressed ${Math.round(e.uncompressedSize / Math.max(1, e.compressedSize))}:1 (${e.compressedSize} → ${e.uncompressedSize} bytes), a zip bomb's shape; refused`,
      {
        code: 'ZIP_REFUSED',
      },
    );
  }
  const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) => zip.openReadStream(e, (err, s) => (err ? reject(err) : resolve(s))));
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      total += chunk.length;
      // yauzl stops a stream that outgrows its declared size; this guards the limit on its own as well.
      if (total > lim.maxEntryBytes) throw new Error(`more than ${lim.maxEntryBytes} bytes inflated`);
      chunks.push(chunk);
    }
  } catch (err) {
    (stream as unknown as { destroy?: () => void }).destroy?.();
    throw new ParseError(`${where}: cannot be read (${(err as Error).message}); refused`, { code: 'ZIP_REFUSED', cause: err });
  }
  return Buffer.concat(chunks);
}
