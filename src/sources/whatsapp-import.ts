import fs from 'node:fs/promises';
import path from 'node:path';
import { ParseError } from '../errors.ts';
import { chatNameOfFile, parseWhatsAppExport, type WhatsAppParse } from './whatsapp-export.ts';
import { openZip, type ZipLimits } from './zip-archive.ts';

/**
 * A WhatsApp "Export chat" file as `saring import` receives it: the chat's .txt alone, or the .zip
 * WhatsApp makes with media (the chat is `_chat.txt` on iOS, "WhatsApp Chat with X.txt" on Android).
 * Media in the zip are listed with their sizes on the messages that name them; they are not extracted
 * (images are a separate piece of work).
 */
export async function readWhatsAppExport(file: string, opts: { timeZone: string; language: string; zipLimits?: Partial<ZipLimits> }): Promise<WhatsAppParse> {
  const parsed =
    path.extname(file).toLowerCase() === '.zip'
      ? await fromZip(file, opts)
      : parseWhatsAppExport(await fs.readFile(file, 'utf8'), { fileName: path.basename(file), timeZone: opts.timeZone });
  for (const item of parsed.items) item.language ??= opts.language;
  return parsed;
}

async function fromZip(file: string, opts: { timeZone: string; zipLimits?: Partial<ZipLimits> }): Promise<WhatsAppParse> {
  const zip = await openZip(file, opts.zipLimits);
  try {
    const chat = chatEntry(
      file,
      zip.entries.map((e) => e.name),
    );
    const attachments = new Map(zip.entries.filter((e) => e.name !== chat).map((e) => [path.posix.basename(e.name), e.bytes]));
    const text = (await zip.read(chat)).toString('utf8');
    // The zip's name carries the chat's name when the chat inside is iOS's "_chat.txt".
    const zipName = path.basename(file);
    return parseWhatsAppExport(text, {
      fileName: chatNameOfFile(zipName) ? zipName : path.posix.basename(chat),
      timeZone: opts.timeZone,
      attachments,
      refPrefix: chat,
    });
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
