import { z } from 'zod';
import { imageForView } from '../../db/images.repo.ts';
import { DeskError } from '../../errors.ts';
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
  return deskRoutes().get('/:sha', bySha, async (c) => {
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
