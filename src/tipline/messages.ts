import type { TipInput } from '../sources/tip.ts';
import type { TgEntity, TgMessage } from './bot-api.ts';

/**
 * What a Telegram message to the tipline means, and what the bot answers. Pure: no network, no
 * database. Texts the sender reads are in Indonesian.
 */

/** A message read as a tip, or why it is not one. */
export type Reading =
  | { kind: 'tip'; tip: TipInput; raw: Record<string, unknown>; photoFileId: string | null }
  | { kind: 'command'; command: string }
  | { kind: 'ignored'; reason: string; reply: string | null };

export const REPLY = {
  welcome: (polres: string) =>
    `Selamat datang di layanan laporan ${polres}.\n\nKirimkan pesan, tautan, atau foto/tangkapan layar informasi yang Anda ragukan kebenarannya. Setiap laporan mendapat nomor dan diperiksa oleh petugas.`,
  unsupported: 'Maaf, saat ini kami hanya menerima teks, tautan, dan foto. Silakan kirim ulang dalam bentuk tersebut.',
  empty: 'Maaf, laporan perlu berisi teks, tautan, atau foto.',
} as const;

const IMAGE_DOC = /^image\/(jpeg|png|webp|gif|heic|heif)$/i;

/** Telegram's photo sizes above this are passed over for a smaller one. (Default: the image store's 10 MiB) */
export const DEFAULT_MAX_PHOTO_BYTES = 10 * 1024 * 1024;

/**
 * Reads a private message into a tip: text or caption, its links, the photo, and who sent it.
 * `maxPhotoBytes`: the image store's size cap, so the photo picked is one that will be accepted.
 */
export function readMessage(m: TgMessage, opts: { maxPhotoBytes?: number } = {}): Reading {
  if (m.chat.type && m.chat.type !== 'private') return { kind: 'ignored', reason: `bukan obrolan pribadi (${m.chat.type})`, reply: null };
  const text = m.text ?? m.caption ?? '';
  const command = /^\/([a-z_]+)(?:@\w+)?\b/i.exec(text.trim());
  if (command && m.text) return { kind: 'command', command: command[1]!.toLowerCase() };
  const photo = largestPhoto(m, opts.maxPhotoBytes ?? DEFAULT_MAX_PHOTO_BYTES);
  if (!text.trim() && !photo) return { kind: 'ignored', reason: contentKind(m), reply: REPLY.unsupported };
  const links = linksOf(text, m.text !== undefined ? m.entities : m.caption_entities);
  const url = links.find((l) => /^https?:\/\//i.test(l));
  const forwarded = forwardedFrom(m);
  const raw: Record<string, unknown> = {
    telegram: {
      chat_id: m.chat.id,
      message_id: m.message_id,
      ...(m.from ? { user_id: m.from.id, ...(m.from.username ? { username: m.from.username } : {}) } : {}),
      ...(forwarded ? { forwarded_from: forwarded } : {}),
    },
    ...(links.length > 1 ? { links: links.slice(0, 20) } : {}),
    ...(photo ? { photo } : {}),
  };
  return {
    kind: 'tip',
    // A photo without a caption is still a report: the words say so until the image work reads it.
    tip: { text: text.trim() || '[foto tanpa keterangan dari Telegram]', ...(url ? { url } : {}), reporter: senderOf(m), channel: 'Telegram' },
    raw,
    photoFileId: photo?.file_id ?? null,
  };
}

/** "Telegram @budi_s (Budi Santoso, id 123456)": enough for an officer to reach the sender again. */
export function senderOf(m: TgMessage): string {
  const f = m.from;
  if (!f) return `Telegram chat ${m.chat.id}`;
  const name = [f.first_name, f.last_name].filter(Boolean).join(' ');
  return (f.username ? `Telegram @${f.username} (${name}, id ${f.id})` : `Telegram ${name} (id ${f.id})`).slice(0, 200);
}

/**
 * The biggest size of a photo within the cap (Telegram lists each photo at several sizes; a size with
 * no file_size is taken to fit), or an image sent as a file. When no size fits, the smallest: its
 * download is then refused by size and noted on the tip.
 */
export function largestPhoto(
  m: TgMessage,
  maxBytes: number,
): { file_id: string; file_unique_id?: string; width?: number; height?: number; file_size?: number; mime_type?: string } | null {
  if (m.photo?.length) {
    const bySize = [...m.photo].sort((a, b) => a.width * a.height - b.width * b.height);
    const p = bySize.filter((s) => s.file_size === undefined || s.file_size <= maxBytes).pop() ?? bySize[0]!;
    return {
      file_id: p.file_id,
      ...(p.file_unique_id ? { file_unique_id: p.file_unique_id } : {}),
      width: p.width,
      height: p.height,
      ...(p.file_size !== undefined ? { file_size: p.file_size } : {}),
    };
  }
  const d = m.document;
  if (d && IMAGE_DOC.test(d.mime_type ?? '')) {
    return {
      file_id: d.file_id,
      ...(d.file_unique_id ? { file_unique_id: d.file_unique_id } : {}),
      ...(d.file_size !== undefined ? { file_size: d.file_size } : {}),
      mime_type: d.mime_type!,
    };
  }
  return null;
}

/** URLs of a text, in order: `url` entities (as written, given a scheme) and `text_link` targets. */
export function linksOf(text: string, entities: readonly TgEntity[] | undefined): string[] {
  const out: string[] = [];
  for (const e of entities ?? []) {
    // Offsets count UTF-16 code units, as JavaScript strings do.
    if (e.type === 'url') {
      const u = text.slice(e.offset, e.offset + e.length);
      out.push(/^[a-z][a-z0-9+.-]*:\/\//i.test(u) ? u : `https://${u}`);
    } else if (e.type === 'text_link' && e.url) out.push(e.url);
  }
  if (!entities) for (const m of text.matchAll(/\bhttps?:\/\/[^\s<>"]+/gi)) out.push(m[0]);
  return [...new Set(out)];
}

function forwardedFrom(m: TgMessage): string | null {
  const o = m.forward_origin;
  if (o)
    return (
      o.chat?.title ??
      o.chat?.username ??
      (o.sender_user ? [o.sender_user.first_name, o.sender_user.last_name].filter(Boolean).join(' ') : null) ??
      o.sender_user_name ??
      o.type
    );
  const f = m.forward_from_chat ?? m.forward_from;
  if (!f) return null;
  return ('title' in f && f.title) || [f.first_name, f.last_name].filter(Boolean).join(' ') || f.username || String(f.id);
}

function contentKind(m: TgMessage): string {
  if (m.document) return `berkas ${m.document.mime_type ?? m.document.file_name ?? ''} tidak diterima`.trim();
  return 'pesan tanpa teks, tautan, atau foto';
}

/** Telegram refuses texts over 4 096 characters. */
const MAX_REPLY = 4_096;

/** The receipt, and the clarification when the tip repeats a claim the Polres has already answered. */
export function receiptReply(p: { receipt: string; polres: string; clarification: { body: string } | null }): string {
  const head = `Terima kasih, laporan Anda sudah kami terima dengan nomor ${p.receipt}.\nPetugas ${p.polres} akan memeriksanya. Sebutkan nomor ini bila menghubungi kami tentang laporan ini.`;
  if (!p.clarification) return head;
  const intro = '\n\nInformasi serupa sudah diklarifikasi:\n\n';
  const room = MAX_REPLY - head.length - intro.length;
  const body = p.clarification.body.length > room ? `${p.clarification.body.slice(0, room - 1)}…` : p.clarification.body;
  return head + intro + body;
}
