import { describe, expect, it } from 'vitest';
import { messageSchema } from '../../../src/tipline/bot-api.ts';
import { largestPhoto, readMessage } from '../../../src/tipline/messages.ts';
import { botFixture } from '../../helpers/bot-api-server.ts';

// The photo update composed from the Bot API reference (test/fixtures/telegram-bot/README.md): three sizes.
const photoMessage = () => messageSchema.parse(botFixture('update-message-photo.json').message);

describe('largestPhoto', () => {
  it('takes the largest size within the cap', () => {
    const m = photoMessage();
    expect(largestPhoto(m, 10 * 1024 * 1024)).toMatchObject({ width: 1280, height: 960, file_size: 98012 });
    expect(largestPhoto(m, 50_000)).toMatchObject({ width: 320, height: 240, file_size: 16502 });
  });

  it('takes the smallest when none fits (its download is then refused by size), and a size of unknown bytes as fitting', () => {
    const m = photoMessage();
    expect(largestPhoto(m, 1_000)).toMatchObject({ width: 90, height: 68 });
    const unknown = { ...m, photo: m.photo!.map((p, k) => (k === 2 ? { ...p, file_size: undefined } : p)) };
    expect(largestPhoto(unknown, 1_000)).toMatchObject({ width: 1280 });
  });

  it('is what readMessage files, with the caption as the text', () => {
    const r = readMessage(photoMessage(), { maxPhotoBytes: 50_000 });
    expect(r).toMatchObject({ kind: 'tip', tip: { text: 'Caption' }, photoFileId: 'AgACAgUAAxkBAAIBQ2YAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQ_m' });
  });
});
