import { startReplayServer, type ReplayServer } from '../../src/pipeline/replay-server.ts';
import { fixture } from './paths.ts';

/**
 * The pages tips link to, on 127.0.0.1: `/artikel`, a recorded real news article, and `/redirect?to=`,
 * a "public" page that sends the client wherever the query says (SSRF by redirect).
 */
export function startLinkPages(): Promise<ReplayServer> {
  return startReplayServer({
    root: fixture(),
    routes: { '/artikel': 'fundus-mediaindonesia/MediaIndonesia_2026_01_08.html' },
    handle(req, res) {
      const url = new URL(req.url!, 'http://x');
      if (url.pathname !== '/redirect') return false;
      res.writeHead(302, { location: url.searchParams.get('to') ?? '/' }).end();
      return true;
    },
  });
}
