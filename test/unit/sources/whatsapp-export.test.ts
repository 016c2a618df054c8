import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chatNameOfFile, parseWhatsAppExport } from '../../../src/sources/whatsapp-export.ts';
import { PROJECT_DIR } from '../../helpers/paths.ts';

const DIR = path.join(PROJECT_DIR, 'test/fixtures/whatsapp');
const ANDROID_ID = 'Chat WhatsApp dengan Info Warga RT 05 Manggar.txt';
const ANDROID_EN = 'WhatsApp Chat with Warga Gantung.txt';
const read = (name: string) => fs.readFileSync(path.join(DIR, name), 'utf8');
const WIB = 'Asia/Jakarta';
const one = (line: string, timeZone = WIB) => parseWhatsAppExport(line, { fileName: 'chat.txt', timeZone });

describe('parseWhatsAppExport', () => {
  it('reads an Indonesian Android export: one item per message, sender, WIB time, chat name from the file name', () => {
    const r = parseWhatsAppExport(read(ANDROID_ID), { fileName: ANDROID_ID, timeZone: WIB });
    expect(r.chat).toBe('Info Warga RT 05 Manggar');
    expect(r.items.map((i) => i.author)).toEqual([
      'Pak RT Sahrul',
      'Bu Yanti',
      '+62 813-2211-4455',
      'Pak RT Sahrul',
      '+62 812-7788-9900',
      '+62 819-0000-1100',
      'Pak RT Sahrul',
    ]);
    // 20.15 on the phone in Belitung (WIB, UTC+7), whatever the zone of the machine importing it.
    expect(r.items[0]!.publishedAt).toEqual(new Date('2024-03-12T13:15:00Z'));
    expect(r.items[0]!.text).toBe('Selamat malam bapak ibu, grup ini untuk info warga RT 05 saja ya.\nMohon jangan sebar berita yang belum jelas sumbernya.');
    expect(r.items[2]!.text.startsWith('INFO PENTING!!! Ada penculikan anak')).toBe(true);
    expect(r.items[2]!.raw!).toMatchObject({ platform: 'whatsapp', chat: 'Info Warga RT 05 Manggar', line: 8, forwarded: 'many' });
    expect(r.items[3]).toMatchObject({ text: 'Itu hoaks bu, sudah dibantah Polsek Manggar tadi sore', raw: { edited: true } });
    expect(r.items[4]!.text.split('\n')).toHaveLength(4);
    expect(r.items[6]!.raw!.links).toEqual(['https://www.instagram.com/polresbeltim']);
    expect(r.items.every((i) => i.url === null && i.title === null)).toBe(true);
    expect(r.skipped).toEqual({ system: 5, deleted: 1, mediaOmitted: 1 });
  });

  it('rejects a message with an impossible date by its line, with its continuation, and keeps the rest', () => {
    const r = parseWhatsAppExport(read(ANDROID_ID), { fileName: ANDROID_ID, timeZone: WIB });
    expect(r.rejected).toEqual([{ ref: 'line 17', reason: 'cannot read the date: no day 31 in month 2 of 2024 in "31/02/24 21.10"' }]);
    expect(r.items.some((i) => i.text.includes('31 Februari') || i.text.includes('baris lanjutan'))).toBe(false);
  });

  it('reads a US English Android export month-first, with a 12-hour clock, and media lines', () => {
    const r = parseWhatsAppExport(read(ANDROID_EN), { fileName: ANDROID_EN, timeZone: WIB });
    expect(r.chat).toBe('Warga Gantung');
    expect(r.items.map((i) => [i.author, i.publishedAt!.toISOString()])).toEqual([
      ['Andi', '2024-03-12T14:10:00.000Z'],
      ['Rina', '2024-03-12T17:05:00.000Z'], // 3/13/24, 12:05 AM: five past midnight, 13 March
      ['+62 821-5555-0101', '2024-03-13T06:15:00.000Z'],
    ]);
    expect(r.items[0]!.raw!.forwarded).toBe('many');
    expect(r.items[2]).toMatchObject({
      text: 'Poster from the group next door',
      raw: { media: [{ file: 'IMG-20240313-WA0004.jpg', bytes: null, included: false }] },
    });
    expect(r.skipped).toEqual({ system: 4, deleted: 1, mediaOmitted: 1 });
    expect(r.rejected).toEqual([]);
  });

  it('reads iOS lines: brackets, seconds, U+200E system lines under the chat name, attachments listed in the zip', () => {
    const r = parseWhatsAppExport(read('ios-zip/_chat.txt'), {
      fileName: '_chat.txt',
      timeZone: WIB,
      attachments: new Map([['00000007-PHOTO-2024-03-14-19-22-41.jpg', 26]]),
    });
    expect(r.chat).toBe('Info Warga Gantung');
    expect(r.items.map((i) => i.author)).toEqual(['Pak Kades Salim', 'Dedi', 'Dedi', 'Pak Kades Salim']);
    expect(r.items[0]!.publishedAt).toEqual(new Date('2024-03-14T12:21:10Z'));
    expect(r.items[1]).toMatchObject({
      text: '[lampiran: 00000007-PHOTO-2024-03-14-19-22-41.jpg]',
      raw: { chat: 'Info Warga Gantung', media: [{ file: '00000007-PHOTO-2024-03-14-19-22-41.jpg', bytes: 26, included: true }] },
    });
    expect(r.skipped).toEqual({ system: 3, deleted: 1, mediaOmitted: 1 });
  });

  it.each([
    ['12/03/2024, 21:05 - Budi: halo', '2024-03-12T14:05:00.000Z'],
    ['[12/03/24 21.05.33] Budi: halo', '2024-03-12T14:05:33.000Z'],
    ['[14/03/2024, 9:05:33\u202FPM] Budi: halo', '2024-03-14T14:05:33.000Z'],
    ['23/06/2018, 01:55 p.m. - Budi: halo', '2018-06-23T06:55:00.000Z'],
    ['[3/6/18 1:55:00 p. m.] Budi: halo', '2018-06-03T06:55:00.000Z'],
    ['\u200E[2024/03/12, 21:05:00] Budi: halo', '2024-03-12T14:05:00.000Z'],
    ['12.03.24, 21:05 - Budi: halo', '2024-03-12T14:05:00.000Z'],
    ['12-03-2024 21.05 - Budi: halo', '2024-03-12T14:05:00.000Z'],
  ])('reads %j', (line, iso) => {
    const r = one(line);
    expect(r.rejected).toEqual([]);
    expect(r.items).toHaveLength(1);
    expect(r.items[0]).toMatchObject({ author: 'Budi', text: 'halo' });
    expect(r.items[0]!.publishedAt!.toISOString()).toBe(iso);
  });

  it("reads times in the zone it is given, never the host's", () => {
    expect(one('12/03/24 21.05 - Budi: halo', 'Asia/Jayapura').items[0]!.publishedAt).toEqual(new Date('2024-03-12T12:05:00Z'));
  });

  it('keeps a message whose words look like a system line, and skips real system lines', () => {
    const r = one(
      '12/03/24 20.00 - Pak RT: Budi keluar\n12/03/24 20.01 - Budi keluar\n12/03/24 20.02 - Ani mengubah subjek dari "Info" menjadi "Info: Warga RT 05"',
    );
    expect(r.items.map((i) => i.text)).toEqual(['Budi keluar']);
    expect(r.skipped.system).toBe(2);
    expect(r.chat).toBe('Info: Warga RT 05');
  });

  it('reports text before the first message and lines with an impossible clock, keeping the rest', () => {
    const r = one('sambungan pesan lama\nbaris kedua\n12/03/24 13:05 PM - Budi: jam salah\n12/03/24 21.05 - Ani: benar');
    expect(r.rejected).toEqual([
      { ref: 'line 1–2', reason: 'text before the first message (no date and time at the start of the line)' },
      { ref: 'line 3', reason: 'cannot read the date: no hour 13 on a 12-hour clock in "12/03/24 13:05 PM"' },
    ]);
    expect(r.items.map((i) => i.author)).toEqual(['Ani']);
  });

  it('refuses a file that is no chat export at all, naming it', () => {
    expect(() => parseWhatsAppExport('id,text\n1,halo\n', { fileName: 'laporan.txt', timeZone: WIB })).toThrow(/^laporan\.txt: not a WhatsApp chat export/);
  });

  it('gives each message an id that survives a re-import and a later export of the same chat', () => {
    const text = read(ANDROID_ID);
    const a = parseWhatsAppExport(text, { fileName: ANDROID_ID, timeZone: WIB });
    const later = parseWhatsAppExport(`${text}13/03/24 08.00 - Bu Yanti: pesan baru\n`, { fileName: ANDROID_ID, timeZone: WIB });
    expect(later.items.slice(0, a.items.length).map((i) => i.externalId)).toEqual(a.items.map((i) => i.externalId));
    expect(new Set(later.items.map((i) => i.externalId)).size).toBe(later.items.length);
    // Two messages from one sender in one minute are two items.
    expect(new Set(one('12/03/24 21.05 - Budi: satu\n12/03/24 21.05 - Budi: dua').items.map((i) => i.externalId)).size).toBe(2);
  });
});

describe('chatNameOfFile', () => {
  it.each([
    ['Chat WhatsApp dengan Info Warga RT 05.txt', 'Info Warga RT 05'],
    ['/tmp/WhatsApp Chat with Warga Gantung.zip', 'Warga Gantung'],
    ['WhatsApp Chat - Info Warga Gantung.zip', 'Info Warga Gantung'],
    ['WhatsApp Chat with +62 812-7788-9900 (1).txt', '+62 812-7788-9900'],
    ['chat.txt', null],
    ['_chat.txt', null],
  ])('%j → %j', (file, name) => expect(chatNameOfFile(file)).toBe(name));
});
