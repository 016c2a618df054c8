import type { Kysely } from 'kysely';
import { attachImages } from '../db/images.repo.ts';
import { itemsByKeys } from '../db/items.repo.ts';
import type { Database, Problem } from '../db/schema.ts';
import { ImageError } from '../images/decode.ts';
import { storeImage } from '../images/stage.ts';
import type { ImageStore } from '../images/store.ts';
import type { ItemAttachment } from '../sources/types.ts';

/**
 * Images delivered as bytes with their entries (a WhatsApp export's media), stored by content through
 * the image store (size, pixel and format checks) and attached to the stored items in order. An image
 * refused costs only itself: a problem naming it, the item kept. Re-running attaches nothing twice.
 */
export async function storeAttachments(
  db: Kysely<Database>,
  store: ImageStore | undefined,
  sourceId: string,
  entries: ReadonlyArray<{ key: string; attachments: readonly ItemAttachment[] }>,
): Promise<{ itemIds: number[]; problems: Problem[] }> {
  const withImages = entries.filter((e) => e.attachments.length);
  if (!withImages.length) return { itemIds: [], problems: [] };
  if (!store) {
    const n = withImages.reduce((k, e) => k + e.attachments.length, 0);
    return { itemIds: [], problems: [{ ref: 'run', reason: `${n} attached image(s) not stored: no image store is configured` }] };
  }
  const idOf = new Map((await itemsByKeys(db, sourceId, [...new Set(withImages.map((e) => e.key))])).map((r) => [r.item_key, r.id]));
  const itemIds: number[] = [];
  const problems: Problem[] = [];
  for (const e of withImages) {
    const id = idOf.get(e.key);
    if (id === undefined) continue; // cut by the run's item limit: not stored, nothing to attach to
    const shas: string[] = [];
    for (const a of e.attachments) {
      try {
        const sha = await storeImage(db, store, a.bytes, a.name);
        if (!shas.includes(sha)) shas.push(sha);
      } catch (err) {
        if (!(err instanceof ImageError)) throw err;
        problems.push({ ref: a.ref, reason: `image not stored, message kept: ${err.message}` });
      }
    }
    if (!shas.length) continue;
    await attachImages(db, id, shas);
    itemIds.push(id);
  }
  return { itemIds, problems };
}
