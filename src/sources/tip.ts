import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { canonicalUrl } from '../ingest/canonical-url.ts';
import { cleanText } from '../ingest/text.ts';
import { defineSource, type ParsedItem } from './types.ts';

/**
 * Tips submitted by hand: a report from the public or an officer (a forwarded WhatsApp message, a link
 * seen on Facebook). They enter the same flow as collected items. Each submission is its own item;
 * the same text reported twice is linked as a duplicate, which tells analysts how often it was reported.
 */
export const tip = defineSource({
  kind: 'tip',
  description: 'Tips submitted by hand (CLI, web form)',
  config: z.strictObject({}),
});

/** Images one tip may carry. */
export const MAX_TIP_IMAGES = 4;

export const tipInput = z
  .strictObject({
    url: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional(),
    text: z.string().max(100_000).optional(),
    /** Who reported it: a name, a handle or a unit ("Polsek Manggar"). */
    reporter: z.string().max(200).optional(),
    /** Where it was seen: WhatsApp group, Facebook, … */
    channel: z.string().max(100).optional(),
    note: z.string().max(5_000).optional(),
    /** Who typed it in at the desk, kept apart from the reporter: an officer is not the reporter. */
    recorded_by: z.string().max(200).optional(),
    /** SHA-256 of the images sent with it, already stored (ingest/tips.ts stores them first). */
    image_sha256: z
      .array(z.string().regex(/^[0-9a-f]{64}$/))
      .max(MAX_TIP_IMAGES)
      .optional(),
  })
  .refine((t) => (t.text?.trim() ?? '') !== '' || t.url || t.image_sha256?.length, { message: 'a tip needs a text, a URL or an image' });

export type TipInput = z.input<typeof tipInput>;

export function tipToItem(input: z.output<typeof tipInput>, now = new Date()): ParsedItem {
  return {
    externalId: `tip:${randomUUID()}`,
    url: input.url ? canonicalUrl(input.url) : null,
    author: input.reporter ?? null,
    title: null,
    text: cleanText(input.text ?? ''),
    publishedAt: now,
    raw: {
      ...(input.channel ? { channel: input.channel } : {}),
      ...(input.note ? { note: input.note } : {}),
      ...(input.recorded_by ? { recorded_by: input.recorded_by } : {}),
      ...(input.image_sha256?.length ? { image_sha256: input.image_sha256 } : {}),
      ...(input.url && canonicalUrl(input.url) !== input.url ? { submitted_url: input.url } : {}),
    },
  };
}
