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

  let declared = charsetFromContentType(contentType) ?? charsetFromDocument(body);
  // A body that says UTF-16 but has neither BOM nor NUL bytes is ASCII-compatible (the declaration was
  // copied from elsewhere): decoding it as UTF-16 would turn every pair of letters into one CJK sign.
  if (declared && /^(utf-?16|ucs-?2)/.test(declared) && !body.subarray(0, 64).includes(0)) declared = undefined;
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
  const m = /^\s*<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']/i.exec(head) ?? /<meta[^>]+charset\s*=\s*["']?([^"'\s/>;]+)/i.exec(head);
  return m && LABEL.test(m[1]!) ? m[1]!.toLowerCase() : undefined;
}

function sniffBom(b: Uint8Array): string | undefined {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return 'utf-8';
  if (b[0] === 0xfe && b[1] === 0xff) return 'utf-16be';
  if (b[0] === 0xff && b[1] === 0xfe) return 'utf-16le';
  // UTF-16 without a BOM: "<" then NUL (or NUL then "<"), as XML's own detection rules read it.
  if (b[0] === 0x3c && b[1] === 0x00 && b[2] !== 0x00) return 'utf-16le';
  if (b[0] === 0x00 && b[1] === 0x3c && b[3] !== 0x00) return 'utf-16be';
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
const CP1252_C1 =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function decodeWindows1252(body: Uint8Array): string {
  return Buffer.from(body)
    .toString('latin1')
    .replace(/[\u0080-\u009f]/g, (c) => CP1252_C1[c.charCodeAt(0) - 0x80]!);
}

export interface DecodedImport {
  text: string;
  charset: string;
  /** One per line holding bytes that are not UTF-8 (replaced by U+FFFD), capped; then one summary. */
  problems: Array<{ ref: string; reason: string }>;
}

const MAX_REPORTED_LINES = 20;

/**
 * Decodes an import file. UTF-8 (with or without BOM, or UTF-16 with BOM) as is. A file that is not
 * UTF-8 is not silently mangled: lines with invalid bytes are decoded with U+FFFD in their place and
 * counted per line, so the run says what was damaged; a file with no valid UTF-8 multi-byte sequence
 * at all is a legacy export and is decoded as windows-1252, and the run says so.
 */
export function decodeImportFile(body: Uint8Array): DecodedImport {
  const bom = sniffBom(body);
  if (bom) return { text: new TextDecoder(bom).decode(body), charset: bom, problems: [] };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), charset: 'utf-8', problems: [] };
  } catch {
    // not UTF-8: see below
  }
  if (!hasUtf8Sequence(body)) {
    return {
      text: decodeWindows1252(body),
      charset: 'windows-1252',
      problems: [{ ref: 'file', reason: 'file is not UTF-8; decoded as windows-1252 (check accented letters)' }],
    };
  }
  const problems: DecodedImport['problems'] = [];
  const lines: string[] = [];
  const strict = new TextDecoder('utf-8', { fatal: true });
  const loose = new TextDecoder('utf-8');
  let start = 0;
  let badLines = 0;
  let badTotal = 0;
  for (let i = 0; i <= body.length; i++) {
    if (i < body.length && body[i] !== 0x0a) continue;
    const line = body.subarray(start, i);
    try {
      lines.push(strict.decode(line));
    } catch {
      const text = loose.decode(line);
      const bad = text.split('\ufffd').length - 1 - (Buffer.from(line).toString('latin1').split('\u00ef\u00bf\u00bd').length - 1);
      lines.push(text);
      badLines++;
      badTotal += bad;
      if (badLines <= MAX_REPORTED_LINES)
        problems.push({ ref: `line ${lines.length}`, reason: `${bad} invalid UTF-8 byte sequence(s) replaced by U+FFFD; line kept` });
    }
    start = i + 1;
  }
  if (badLines > MAX_REPORTED_LINES)
    problems.push({
      ref: 'file',
      reason: `${badLines} lines hold ${badTotal} invalid UTF-8 byte sequence(s) in all (the first ${MAX_REPORTED_LINES} are listed)`,
    });
  return { text: lines.join('\n'), charset: 'utf-8', problems };
}

/** Whether the bytes hold at least one well-formed UTF-8 multi-byte sequence. */
function hasUtf8Sequence(b: Uint8Array): boolean {
  for (let i = 0; i < b.length - 1; i++) {
    const c = b[i]!;
    if (c < 0xc2 || c > 0xf4) continue;
    const need = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : 1;
    let ok = i + need < b.length;
    for (let k = 1; ok && k <= need; k++) ok = (b[i + k]! & 0xc0) === 0x80;
    if (ok) return true;
  }
  return false;
}
