import fs from 'node:fs/promises';
import path from 'node:path';
import { ParseError } from '../errors.ts';
import { DEFAULT_IMAGE_LIMITS } from '../images/decode.ts';
import { chatNameOfFile, parseWhatsAppExport, type WhatsAppParse } from './whatsapp-export.ts';
import { openZip, type ZipLimits } from './zip-archive.ts';
import type { ParsedItem } from './types.ts';

/**
 * A WhatsApp "Export chat" file as `saring import` receives it: the chat's .txt alone, or the .zip
 * WhatsApp makes with media (the chat is `_chat.txt` on iOS, "WhatsApp Chat with X.txt" on Android).
 * Media in the zip are listed with their sizes on the messages that name them; images among them are
 * read out and handed on as the message's attachments (the ingest stage stores them through the image
 * store); other media (voice notes, videos, documents) are listed, not stored. A file a message names
 * that is not in the zip costs a warning on that message, never the import.
 */
export async function readWhatsAppExport(file: string, opts: { timeZone: string; language: string; zipLimits?: Partial<ZipLimits> }): Promise<WhatsAppParse> {
  const parsed =
    path.extname(file).toLowerCase() === '.zip'
      ? await fromZip(file, opts)
      : parseWhatsAppExport(await fs.readFile(file, 'utf8'), { fileName: path.basename(file), timeZone: opts.timeZone });
  for (const item of parsed.items) item.language ??= opts.language;
  return parsed;
}

/** Media files whose bytes go to the image store (WhatsApp names photos IMG-…jpg, iOS …-PHOTO-….jpg, stickers STK-….webp). */
const IMAGE_FILE = /\.(jpe?g|png|webp|gif)$/i;

/** The media a parsed message names as attached: `raw.media` entries with a file name. */
function mediaOf(item: ParsedItem): Array<{ file: string; bytes: number | null }> {
  const media = item.raw?.media;
  if (!Array.isArray(media)) return [];
  return media.filter((m): m is { file: string; bytes: number | null } => typeof (m as { file?: unknown }).file === 'string');
}

async function fromZip(file: string, opts: { timeZone: string; zipLimits?: Partial<ZipLimits>; maxImageBytes?: number }): Promise<WhatsAppParse> {
  const maxImageBytes = opts.maxImageBytes ?? DEFAULT_IMAGE_LIMITS.maxBytes;
  const zip = await openZip(file, opts.zipLimits);
  try {
    const chat = chatEntry(
      file,
      zip.entries.map((e) => e.name),
    );
    const attachments = new Map(zip.entries.filter((e) => e.name !== chat).map((e) => [path.posix.basename(e.name), e.bytes]));
    const entryOf = new Map(zip.entries.filter((e) => e.name !== chat).map((e) => [path.posix.basename(e.name), e.name]));
    const text = (await zip.read(chat)).toString('utf8');
    // The zip's name carries the chat's name when the chat inside is iOS's "_chat.txt".
    const zipName = path.basename(file);
    const parsed = parseWhatsAppExport(text, {
      fileName: chatNameOfFile(zipName) ? zipName : path.posix.basename(chat),
      timeZone: opts.timeZone,
      attachments,
      refPrefix: chat,
    });
    for (const item of parsed.items) {
      const ref = `${chat} line ${String(item.raw?.line)}`;
      for (const m of mediaOf(item)) {
        const entry = entryOf.get(m.file);
        if (!entry) {
          parsed.rejected.push({ ref, reason: `"${m.file}" is named by the message but is not in the zip; the message is kept without it` });
          continue;
        }
        if (!IMAGE_FILE.test(m.file)) continue; // voice notes, videos, documents: listed on the item, not stored
        // Too large for the image store: read it anyway would cost memory for a refusal; say so instead.
        if (m.bytes !== null && m.bytes > maxImageBytes) {
          parsed.rejected.push({ ref, reason: `"${m.file}": ${m.bytes} bytes exceeds the ${maxImageBytes}-byte image limit; not stored, the message is kept` });
          continue;
        }
        (item.attachments ??= []).push({ name: m.file, ref, bytes: await zip.read(entry) });
      }
    }
    return parsed;
  } finally {
    zip.close();
  }
}

/** The chat inside an export zip: iOS's "_chat.txt", else the one .txt (Android names it after the chat). */
function chatEntry(file: string, names: readonly string[]): string {
  const texts = names.filter((n) => /\.txt$/i.test(n));
  const ios = texts.find((n) => path.posix.basename(n) === '_chat.txt');
  if (ios) return ios;
  const named = texts.filter((n) => chatNameOfFile(path.posix.basename(n)));
  if (named.length === 1) return named[0]!;
  if (texts.length === 1) return texts[0]!;
  throw new ParseError(
    texts.length
      ? `${file}: ${texts.length} text files in the zip (${texts.slice(0, 5).join(', ')}); which one is the chat is unclear`
      : `${file}: no chat in the zip (no _chat.txt or .txt file)`,
    { code: 'FORMAT_UNKNOWN' },
  );
}
