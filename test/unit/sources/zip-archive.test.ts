import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { openZip } from '../../../src/sources/zip-archive.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'saring-zip-'));

/** Writes a real zip with yazl (deflated entries), as a phone's share sheet would. */
function writeZip(name: string, entries: Record<string, Buffer | string>): Promise<string> {
  const file = path.join(tmp, name);
  const zip = new yazl.ZipFile();
  for (const [n, data] of Object.entries(entries)) zip.addBuffer(Buffer.isBuffer(data) ? data : Buffer.from(data), n);
  zip.end();
  return new Promise((resolve, reject) => {
    zip.outputStream
      .pipe(fs.createWriteStream(file))
      .on('close', () => resolve(file))
      .on('error', reject);
  });
}

describe('openZip', () => {
  it('lists entries with their sizes and reads one', async () => {
    const file = await writeZip('ok.zip', { '_chat.txt': 'halo\n', 'media/IMG-1.jpg': Buffer.alloc(10, 1) });
    const zip = await openZip(file);
    expect(zip.entries.map((e) => [e.name, e.bytes])).toEqual([
      ['_chat.txt', 5],
      ['media/IMG-1.jpg', 10],
    ]);
    expect((await zip.read('_chat.txt')).toString()).toBe('halo\n');
    zip.close();
  });

  it('refuses an entry shaped like a zip bomb before inflating it', async () => {
    const file = await writeZip('bomb.zip', { '_chat.txt': Buffer.alloc(4 * 1024 * 1024, 0) });
    const zip = await openZip(file);
    const entry = zip.entries[0]!;
    expect(entry.bytes / entry.compressedBytes).toBeGreaterThan(200);
    await expect(zip.read('_chat.txt')).rejects.toThrow(/bomb\.zip: "_chat\.txt": compressed \d+:1 .* a zip bomb's shape; refused/);
    zip.close();
  });

  it('refuses an entry over the size limit', async () => {
    const file = await writeZip('big.zip', { '_chat.txt': 'x'.repeat(5000) });
    const zip = await openZip(file, { maxEntryBytes: 1000 });
    await expect(zip.read('_chat.txt')).rejects.toThrow(/"_chat\.txt": 5000 bytes inflated exceeds the 1000-byte limit; refused/);
    zip.close();
  });

  it('stops an entry that inflates to more than its header declares', async () => {
    const file = await writeZip('lying.zip', { '_chat.txt': 'halo '.repeat(400) });
    // Make the central directory claim 100 bytes for an entry that inflates to 2 000.
    const buf = fs.readFileSync(file);
    const cd = buf.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    buf.writeUInt32LE(100, cd + 24);
    fs.writeFileSync(file, buf);
    const zip = await openZip(file);
    expect(zip.entries[0]!.bytes).toBe(100);
    await expect(zip.read('_chat.txt')).rejects.toThrow(/lying\.zip: "_chat\.txt": cannot be read \(.*too many bytes.*\); refused/);
    zip.close();
  });

  it('refuses a file that is not a zip, naming it', async () => {
    const file = path.join(tmp, 'not.zip');
    fs.writeFileSync(file, 'bukan zip');
    await expect(openZip(file)).rejects.toThrow(/not\.zip: not a readable zip archive/);
  });

  it('refuses an archive with too many entries', async () => {
    const file = await writeZip('many.zip', Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`f${i}.txt`, 'x'])));
    await expect(openZip(file, { maxEntries: 3 })).rejects.toThrow(/more than 3 entries in the zip; refused/);
  });
});
