/**
 * Decoding of fetched bodies. Indonesian sites still serve windows-1252 / ISO-8859-1 pages, often
 * with a wrong or missing header, so the body's own declarations are consulted and a body that is not
 * valid UTF-8 falls back to windows-1252 (which is what browsers do for ISO-8859-1 anyway).
 */
const LABEL = /^[a-z0-9._:-]{1,40}$/i;

export interface Decoded {
  text: string;
  charset: string;
}

export function decodeBody(body: Uint8Array, contentType?: string | null): Decoded {
  const bom = sniffBom(body);
  if (bom) return { text: new TextDecoder(bom).decode(body), charset: bom }; // the decoder drops the BOM

  const declared = charsetFromContentType(contentType) ?? charsetFromDocument(body);
  if (declared) {
    const decoder = tryDecoder(declared);
    if (decoder) {
      // A page that says UTF-8 but is not (common after CMS migrations) decodes as windows-1252.
      if (decoder.encoding === 'utf-8') return decodeUtf8OrLegacy(body);
      // WHATWG: iso-8859-1 and ascii labels mean windows-1252, as browsers decode them.
      if (decoder.encoding === 'windows-1252') return { text: decodeWindows1252(body), charset: 'windows-1252' };
      return { text: decoder.decode(body), charset: decoder.encoding };
    }
  }
  return decodeUtf8OrLegacy(body);
}

export function charsetFromContentType(contentType?: string | null): string | undefined {
  const m = /charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '');
  return m && LABEL.test(m[1]!) ? m[1]!.toLowerCase() : undefined;
}

/** `<?xml encoding="…"?>` or `<meta charset>` / `http-equiv` within the first 2 KB. */
export function charsetFromDocument(body: Uint8Array): string | undefined {
  const head = Buffer.from(body.subarray(0, 2048)).toString('latin1');
  const m =
    /^\s*<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']/i.exec(head) ??
    /<meta[^>]+charset\s*=\s*["']?([^"'\s/>;]+)/i.exec(head);
  return m && LABEL.test(m[1]!) ? m[1]!.toLowerCase() : undefined;
}

function sniffBom(b: Uint8Array): string | undefined {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return 'utf-8';
  if (b[0] === 0xfe && b[1] === 0xff) return 'utf-16be';
  if (b[0] === 0xff && b[1] === 0xfe) return 'utf-16le';
  return undefined;
}

function tryDecoder(label: string): InstanceType<typeof TextDecoder> | undefined {
  try {
    return new TextDecoder(label);
  } catch {
    return undefined; // unknown label: fall through to sniffing
  }
}

function decodeUtf8OrLegacy(body: Uint8Array): Decoded {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), charset: 'utf-8' };
  } catch {
    return { text: decodeWindows1252(body), charset: 'windows-1252' };
  }
}

// Node's TextDecoder decodes windows-1252 as ISO-8859-1, leaving 0x80–0x9F as C1 control characters
// where pages mean curly quotes and dashes. This is the WHATWG mapping of that range.
const CP1252_C1 = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function decodeWindows1252(body: Uint8Array): string {
  return Buffer.from(body)
    .toString('latin1')
    .replace(/[\u0080-\u009f]/g, (c) => CP1252_C1[c.charCodeAt(0) - 0x80]!);
}
