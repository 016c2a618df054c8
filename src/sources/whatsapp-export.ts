import { createHash } from 'node:crypto';
import { ParseError } from '../errors.ts';
import { zonedToInstant } from '../zoned-time.ts';
import type { ParsedItem, ParseResult, Rejected } from './types.ts';

/**
 * WhatsApp's "Export chat" text, as residents and Bhabinkamtibmas forward it: one item per message,
 * with its sender, its time and the chat's name. Pure: the file (or the zip around it) is read by
 * whatsapp-import.ts.
 *
 * The shapes WhatsApp writes, depending on the phone and its language:
 *   Android  `12/03/24 21.05 - Nama: pesan`  ·  `12/03/2024, 21:05 - Name: message`  ·  `3/12/24, 9:05 PM - …`
 *   iOS      `[12/03/24 21.05.33] Nama: pesan`  ·  `[12/03/2024, 9:05:33 PM] Name: message`
 * Lines that do not start with a date continue the message before them (multi-line messages).
 * System lines (encryption notice, "X bergabung…", "X joined…") carry no sender and are not items.
 * Times are wall-clock times of the phone; they are read in the pipeline's time zone, never the host's.
 */

export interface WhatsAppOptions {
  /** The export's file name (the zip's, else the text file's): the chat's name is read from it. */
  fileName: string;
  /** The pipeline's zone (Asia/Jakarta): the export's times carry none. */
  timeZone: string;
  /** Files beside the chat in a zip, with their sizes in bytes: media the messages name. */
  attachments?: ReadonlyMap<string, number>;
  /** Prefix of each rejection's ref, e.g. the chat file's name inside a zip. (Default: none) */
  refPrefix?: string;
}

export interface WhatsAppParse extends ParseResult {
  /** The group's (or contact's) name; null when neither the file name nor a system line gives it. */
  chat: string | null;
  /** Lines that are not messages, counted: they are not errors and not items. */
  skipped: { system: number; deleted: number; mediaOmitted: number };
}

// Invisible direction marks WhatsApp puts around names, numbers and system text (U+200E above all).
const MARKS = /[\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;
const LEADING_MARKS = /^[\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]+/;
const DATE = String.raw`(\d{1,4})([./-])\s?(\d{1,2})\2\s?(\d{1,4})\.?`;
// 12-hour clocks write "PM", "p.m.", "p. m." (with a normal, no-break or narrow no-break space before it).
const TIME = String.raw`(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?(?:[\s\u00A0\u202F]*([AaPp])\.?\s?[Mm]\.?)?`;
const IOS_HEAD = new RegExp(String.raw`^\[${DATE},?\s+${TIME}\]\s(.*)$`);
const ANDROID_HEAD = new RegExp(String.raw`^${DATE},?\s+${TIME}\s[-–]\s(.*)$`);
/** Sender, colon, space: names and numbers are short; a longer "name" is a system line with a colon in it. */
const SENDER = /^([^:\n]{1,80}?): ([\s\S]*)$/;

// What WhatsApp writes itself, in Indonesian and English. Matched on the text without marks.
const SYSTEM: readonly RegExp[] = [
  /^(pesan dan panggilan (dienkripsi|terenkripsi)|pesan (ke|di) grup ini sekarang diamankan|messages (and calls )?(to this group )?(are|were) (now )?(end-to-end )?(encrypted|secured))/i,
  /\b(bergabung (menggunakan|dengan|melalui) tautan|joined using (this group's|an) invite link|joined from the community)\b/i,
  /^.{1,80} (membuat grup|created group|telah membuat grup) ".*"$/i,
  /^.{1,80} (menambahkan|added|mengeluarkan|removed) .{1,200}$/i,
  /^.{1,80} (keluar|left|bergabung|joined)$/i,
  /^.{1,80} (mengubah|changed) (subjek|the subject|deskripsi grup|the group description|ikon grup|this group's icon|nomor telepon|their phone number|setelan|the settings|pengaturan)/i,
  /^.{1,80} (menghapus ikon grup|deleted this group's icon)$/i,
  /^(anda|you) (sekarang admin|are now an admin|membuat grup|created group|bergabung|joined)/i,
  /^(pesan sementara|disappearing messages|keamanan kode|your security code|kode keamanan)/i,
  /^.{1,80} (sekarang admin|is now an admin|bukan lagi admin|is no longer an admin)$/i,
  /^(panggilan (suara|video) tak terjawab|missed (voice|video) call)$/i,
];
const DELETED = /^(pesan ini (telah )?dihapus|anda menghapus pesan ini|this message was deleted|you deleted this message)\.?$/i;
const EDITED = /\s*<(pesan ini diedit|this message was edited)>$/i;
// Media the export left out: Android "<Media tidak disertakan>", iOS "gambar tidak disertakan", "image omitted".
const OMITTED =
  /^(<media (tidak disertakan|omitted)>|(gambar|video|audio|stiker|gif|dokumen|kontak|foto)(\s\S+)? tidak disertakan|(image|video|audio|sticker|gif|document|contact card|photo) omitted|null)$/i;
// Media attached in the zip: Android "IMG-20240312-WA0003.jpg (file terlampir)", iOS "<terlampir: 00000012-PHOTO-….jpg>".
const ATTACHED = /^(?:<(?:terlampir|attached|lampiran):\s*(.+?)\s*>|(.+?\.[a-z0-9]{2,5}) \((?:file terlampir|file attached)\))$/i;
const FORWARDED = /^(diteruskan berkali-kali|forwarded many times|diteruskan|forwarded)$/i;
const URL = /\bhttps?:\/\/[^\s<>"]+/gi;

/** "Chat WhatsApp dengan Info Warga RT 05.txt", "WhatsApp Chat with X.zip", "WhatsApp Chat - X.zip" → the name. */
export function chatNameOfFile(fileName: string): string | null {
  const base = fileName
    .split(/[\\/]/)
    .pop()!
    .replace(/\.(txt|zip)$/i, '')
    .replace(/\s*\(\d+\)$/, '');
  const m = /^(?:chat whatsapp dengan|whatsapp chat with|whatsapp chat -|obrolan whatsapp dengan)\s+(.+)$/i.exec(base.normalize('NFC'));
  return m ? m[1]!.trim() || null : null;
}

interface Head {
  line: number;
  parts: [number, number, number];
  /** Year-first dates ("2024/03/12") have no day/month question. */
  yearFirst: boolean;
  h: number;
  min: number;
  s: number;
  ampm: 'a' | 'p' | null;
  ios: boolean;
  rest: string;
  written: string;
}

interface Raw {
  head: Head;
  lines: string[];
}

function readHead(line: string, n: number): Head | null {
  // Only the marks before the date go: those inside the text tell iOS's system lines apart.
  const clean = line.replace(LEADING_MARKS, '');
  const ios = IOS_HEAD.exec(clean);
  const m = ios ?? ANDROID_HEAD.exec(clean);
  if (!m) return null;
  const a = m[1]!,
    b = m[3]!,
    c = m[4]!;
  return {
    line: n,
    parts: [Number(a), Number(b), Number(c)],
    yearFirst: a.length === 4,
    h: Number(m[5]),
    min: Number(m[6]),
    s: Number(m[7] ?? 0),
    ampm: m[8] ? (m[8].toLowerCase() as 'a' | 'p') : null,
    ios: !!ios,
    rest: m[9]!,
    written: clean
      .slice(0, clean.length - m[9]!.length)
      .replace(/\s*[-–]?\s*$/, '')
      .trim(),
  };
}

/**
 * Day or month first: read from the whole file, as a person would: a first number above 12 means
 * day-first, a second above 12 month-first (US phones). When nothing tells, day-first, as Indonesian
 * phones write.
 */
function dayFirst(heads: readonly Head[]): boolean {
  let dayHint = false,
    monthHint = false;
  for (const h of heads) {
    if (h.yearFirst) continue;
    if (h.parts[0] > 12) dayHint = true;
    if (h.parts[1] > 12) monthHint = true;
  }
  return dayHint || !monthHint;
}

/** The instant of a header, or why it is no date. */
function instantOf(h: Head, daysFirst: boolean, timeZone: string): Date | string {
  const [d, mo, yy] = h.yearFirst ? [h.parts[2], h.parts[1], h.parts[0]] : daysFirst ? h.parts : [h.parts[1], h.parts[0], h.parts[2]];
  const y = yy < 100 ? yy + 2000 : yy;
  if (mo < 1 || mo > 12) return `no month ${mo} in "${h.written}"`;
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (d < 1 || d > days) return `no day ${d} in month ${mo} of ${y} in "${h.written}"`;
  let hour = h.h;
  if (h.ampm) {
    if (hour < 1 || hour > 12) return `no hour ${hour} on a 12-hour clock in "${h.written}"`;
    hour = (hour % 12) + (h.ampm === 'p' ? 12 : 0);
  }
  if (hour > 23 || h.min > 59 || h.s > 59) return `no time ${h.h}:${h.min} in "${h.written}"`;
  return zonedToInstant(y, mo, d, hour, h.min, h.s, timeZone);
}

/** Parses an exported chat. Bad lines cost only their own message, each rejection naming its line. */
export function parseWhatsAppExport(content: string, opts: WhatsAppOptions): WhatsAppParse {
  const lines = content.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const at = (n: number) => `${opts.refPrefix ? `${opts.refPrefix}: ` : ''}line ${n}`;
  const rejected: Rejected[] = [];
  const messages: Raw[] = [];
  let orphan: number[] = [];
  lines.forEach((line, i) => {
    const head = readHead(line, i + 1);
    if (head) messages.push({ head, lines: [head.rest] });
    else if (messages.length) messages[messages.length - 1]!.lines.push(line);
    else if (line.trim()) orphan.push(i + 1);
  });
  if (!messages.length) {
    throw new ParseError(
      `${opts.fileName}: not a WhatsApp chat export: no line starts with a date and time ("12/03/24 21.05 - Nama: pesan" or "[12/03/24 21.05.33] Nama: pesan")`,
      { code: 'FORMAT_UNKNOWN' },
    );
  }
  if (orphan.length) {
    rejected.push({
      ref: orphan.length === 1 ? at(orphan[0]!) : `${at(orphan[0]!)}–${orphan[orphan.length - 1]}`,
      reason: 'text before the first message (no date and time at the start of the line)',
    });
    orphan = [];
  }

  const daysFirst = dayFirst(messages.map((m) => m.head));
  const fileChat = chatNameOfFile(opts.fileName);
  let chat = fileChat;
  const skipped = { system: 0, deleted: 0, mediaOmitted: 0 };
  const items: ParsedItem[] = [];
  const seen = new Map<string, number>();

  for (const { head, lines: body } of messages) {
    const when = instantOf(head, daysFirst, opts.timeZone);
    if (typeof when === 'string') {
      rejected.push({ ref: at(head.line), reason: `cannot read the date: ${when}` });
      continue;
    }
    const text = body.join('\n').replace(/\s+$/, '');
    const sent = SENDER.exec(text);
    if (!sent || isSystem(sent[1]!, sent[2]!, head.ios)) {
      skipped.system++;
      const sysText = (sent && head.ios ? sent[2]! : text).replace(MARKS, '').trim();
      if (!chat) chat = chatOfSystemLine(sent ? sent[1]!.replace(MARKS, '').trim() : null, sysText, head.ios);
      continue;
    }
    const sender = sent[1]!.replace(MARKS, '').replace(/^~\s*/, '').trim();
    const message = readBody(sent[2]!, opts.attachments);
    if (message === 'deleted') {
      skipped.deleted++;
      continue;
    }
    if (message === 'omitted') {
      skipped.mediaOmitted++;
      continue;
    }
    const stamp = when.toISOString();
    const key = createHash('sha1')
      .update(`${fileChat ?? opts.fileName}\n${stamp}\n${sender}`)
      .digest('hex')
      .slice(0, 20);
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    const links = [...new Set(message.text.match(URL) ?? [])].slice(0, 10);
    items.push({
      // Stable across re-imports of the same export, and of a later export of the same chat.
      externalId: `wa:${key}:${n}`,
      url: null,
      author: sender,
      title: null,
      text: message.text,
      publishedAt: when,
      raw: {
        platform: 'whatsapp',
        ...((fileChat ?? chat) ? { chat: fileChat ?? chat } : {}),
        line: head.line,
        ...(message.forwarded ? { forwarded: message.forwarded } : {}),
        ...(message.edited ? { edited: true } : {}),
        ...(message.media.length ? { media: message.media } : {}),
        ...(links.length ? { links } : {}),
      },
    });
  }
  // A chat name found in a system line applies to every message of the file.
  if (!fileChat && chat) for (const it of items) it.raw = { ...it.raw, chat };
  return { items, rejected, chat, skipped };
}

/**
 * A line with a colon that is still WhatsApp's own: iOS names the chat as the sender of its system
 * lines and puts a mark before their text; Android has no sender there, so a colon comes only from
 * a quoted group name ("Budi mengubah subjek menjadi "Info: Warga""). A message reading "Budi keluar"
 * stays a message.
 */
function isSystem(sender: string, body: string, ios: boolean): boolean {
  if (ios) return /^[\u200E\u200F]/.test(body) && SYSTEM.some((re) => re.test(body.replace(MARKS, '').trim()));
  return sender.includes('"') && SYSTEM.some((re) => re.test(`${sender}: ${body}`.replace(MARKS, '').trim()));
}

interface Body {
  text: string;
  forwarded: 'many' | 'once' | null;
  edited: boolean;
  media: Array<{ file: string; bytes: number | null; included: boolean } | { omitted: true }>;
}

/** A message's text without WhatsApp's own marks; 'deleted' and 'omitted' for messages with nothing left. */
function readBody(raw: string, attachments: ReadonlyMap<string, number> | undefined): Body | 'deleted' | 'omitted' {
  const lines = raw.split('\n');
  const out: Body = { text: '', forwarded: null, edited: false, media: [] };
  const first = () => (lines[0] ?? '').replace(MARKS, '').trim();
  if (FORWARDED.test(first())) {
    out.forwarded = /berkali|many/i.test(first()) ? 'many' : 'once';
    lines.shift();
  }
  if (DELETED.test(lines.join('\n').replace(MARKS, '').trim())) return 'deleted';
  const attached = ATTACHED.exec(first());
  if (attached) {
    const file = (attached[1] ?? attached[2]!).trim();
    const bytes = attachments?.get(file);
    out.media.push({ file, bytes: bytes ?? null, included: bytes !== undefined });
    lines.shift();
  } else if (OMITTED.test(first())) {
    out.media.push({ omitted: true });
    lines.shift();
  }
  let text = lines.join('\n').replace(MARKS, '').trim();
  if (EDITED.test(text)) {
    out.edited = true;
    text = text.replace(EDITED, '').trim();
  }
  if (!text) {
    if (!out.media.length) return 'deleted';
    const m = out.media[0]!;
    if ('omitted' in m) return 'omitted';
    // A photo with no caption is still what this person sent at this time: kept, for the image work to read.
    text = `[lampiran: ${m.file}]`;
  }
  out.text = text;
  return out;
}

/** The chat's name from a system line: iOS names the chat as the encryption notice's sender; "X membuat grup "Nama"". */
function chatOfSystemLine(sender: string | null, text: string, ios: boolean): string | null {
  const created = /(?:membuat grup|created group|mengubah subjek (?:dari ".*" )?(?:menjadi|ke)|changed the subject (?:from ".*" )?to) "(.+)"$/i.exec(text);
  if (created) return created[1]!.trim();
  if (ios && sender && SYSTEM[0]!.test(text)) return sender;
  return null;
}
