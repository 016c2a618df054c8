/**
 * One URL per document, so the same article reached through a share link, an AMP page or a
 * tracking redirect dedups to one item.
 */
const TRACKING_PARAM = /^(utm_\w+|fbclid|gclid|dclid|msclkid|igshid|igsh|mc_cid|mc_eid|_ga|_gl|yclid|ref_src|ref_url|si|amp|outputtype|spm|share|from)$/i;

export function canonicalUrl(input: string, base?: string): string | null {
  let url: URL;
  try {
    url = new URL(input.trim(), base);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;

  url.hash = '';
  url.username = '';
  url.password = '';
  let host = url.hostname.toLowerCase().replace(/\.$/, '');
  host = host.replace(/^(www|amp)\./, '');
  url.hostname = host;

  for (const key of [...url.searchParams.keys()]) {
    if (TRACKING_PARAM.test(key)) url.searchParams.delete(key);
  }
  url.searchParams.sort();

  let p = url.pathname.replace(/\/{2,}/g, '/');
  // AMP variants: /amp/<path>, <path>/amp, <path>.amp
  p = p
    .replace(/^\/amp(?=\/)/, '')
    .replace(/\/amp\/?$/, '')
    .replace(/\.amp$/, '');
  // Telegram: t.me/s/<channel>/<id> is the preview of t.me/<channel>/<id>
  if (host === 't.me') p = p.replace(/^\/s\//, '/');
  if (p.length > 1) p = p.replace(/\/+$/, '');
  url.pathname = p || '/';

  const out = url.toString();
  return url.pathname === '/' && !url.search ? out.replace(/\/$/, '') : out;
}
