import { z } from 'zod';
import { caseImage, imageForView } from '../../db/images.repo.ts';
import { DeskError } from '../../errors.ts';
import { stampImage } from '../../images/stamp.ts';
import { isConfirmed } from '../../vocabulary.ts';
import { idParam } from '../respond.ts';
import { deskRoutes } from '../guards.ts';
import { params } from '../validate.ts';

const bySha = params(z.object({ sha: z.string().regex(/^[0-9a-f]{64}$/, 'SHA-256 heksadesimal (64 karakter)') }));

/**
 * The images items carry, for signed-in desk users. Only the copy the images stage made is served
 * (first frame, at most 1,600 px, re-encoded, no EXIF or other metadata): the bytes as received are
 * kept as evidence and never sent back, and this process never decodes an image itself. The file is
 * found by its hash, known in the database; no part of the request becomes a path. Mounted at /images.
 */
export function imageRoutes() {
  return deskRoutes()
    .get('/case/:id/hoaks.jpg', params(z.object({ id: idParam })), async (c) => {
      // The case's image with a HOAKS stamp, for humas to share beside the clarification.
      const { id } = c.req.valid('param');
      const rt = c.var.rt;
      const found = await caseImage(rt.sdb.db, id);
      if (!found || !isConfirmed(found.verdict)) throw new DeskError('NOT_FOUND', `Kasus #${id} belum diputuskan sebagai hoaks atau tidak memiliki gambar.`);
      const view = await rt.ingest.imageStore?.readView(found.sha256);
      if (!view) throw new DeskError('NOT_FOUND', 'Gambar belum diproses; coba lagi sebentar lagi.');
      return c.body(new Uint8Array(await stampImage(view.body)), 200, {
        'content-type': 'image/jpeg',
        'content-disposition': `attachment; filename="kasus-${id}-hoaks.jpg"`,
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'; sandbox",
        'cache-control': 'private, no-store',
      });
    })
    .get('/:sha', bySha, async (c) => {
      const { sha } = c.req.valid('param');
      const rt = c.var.rt;
      const known = await imageForView(rt.sdb.db, sha);
      const view = known && rt.ingest.imageStore ? await rt.ingest.imageStore.readView(sha) : null;
      if (!view) {
        const why = known ? 'Gambar belum diproses; coba lagi sebentar lagi.' : 'Gambar tidak ditemukan.';
        throw new DeskError('NOT_FOUND', why);
      }
      return c.body(new Uint8Array(view.body), 200, {
        'content-type': view.mime,
        'content-disposition': `inline; filename="${sha.slice(0, 16)}.${view.mime === 'image/png' ? 'png' : 'jpg'}"`,
        'x-content-type-options': 'nosniff',
        // An image opened on its own is a document: it may load nothing and run nothing.
        'content-security-policy': "default-src 'none'; sandbox",
        'cache-control': 'private, max-age=86400, immutable',
      });
    });
}
