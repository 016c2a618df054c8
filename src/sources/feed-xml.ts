import { Tokenizer } from 'htmlparser2';
import { decodeEntities } from '../ingest/text.ts';

/**
 * A forgiving XML reader for feeds: an element tree that keeps, for every element, where its content
 * starts and ends in the source, so that a field's text can be read from the markup as written (mixed
 * content, xhtml, CDATA, escaped HTML) rather than from a strict parser's lossy object. It recovers what
 * real feeds get wrong: a bare "&", HTML entities without ";", a mismatched close tag (closes the nearest
 * open element of that name, or is ignored), a missing root close tag. It expands no DTD entities
 * (no billion laughs, no XXE). Linear in the input: plain push/pop, and a close tag is searched for only
 * near the top of the stack. Pure.
 */
export interface XmlElement {
  /** Lower-case qualified name; the prefixes of well-known namespaces are made canonical (see NAMESPACES). */
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  parent: XmlElement | null;
  /** Source offsets of the element's content (between its start and end tags). */
  innerStart: number;
  innerEnd: number;
}

/** Namespace URI → the prefix this code uses for it ('' = unprefixed, as Atom and RSS elements are read). */
const NAMESPACES: Record<string, string> = {
  'http://www.w3.org/2005/atom': '',
  'http://purl.org/atom/ns#': '',
  'http://purl.org/rss/1.0/': '',
  'http://my.netscape.com/rdf/simple/0.9/': '',
  'http://backend.userland.com/rss2': '',
  'http://www.w3.org/1999/xhtml': '',
  'http://purl.org/rss/1.0/modules/content/': 'content',
  'http://purl.org/dc/elements/1.1/': 'dc',
  'http://purl.org/dc/terms/': 'dcterms',
  'http://search.yahoo.com/mrss/': 'media',
  'http://search.yahoo.com/mrss': 'media',
  'http://www.itunes.com/dtds/podcast-1.0.dtd': 'itunes',
  'http://www.w3.org/1999/02/22-rdf-syntax-ns#': 'rdf',
};
/** Elements below this depth are not kept as nodes (their markup stays in the parent's source span). */
const MAX_TREE_DEPTH = 64;
/** A close tag further down the open stack than this is ignored (keeps broken markup linear). */
const CLOSE_SEARCH = 32;

export interface XmlDocument {
  source: string;
  root: XmlElement;
  /** Some element was never closed: the source ends mid-document (cut off, or broken at the end). */
  truncated: boolean;
}

export function parseXml(source: string): XmlDocument {
  const root: XmlElement = { name: '#document', attrs: {}, children: [], parent: null, innerStart: 0, innerEnd: source.length };
  // Prefix → canonical prefix, from every xmlns declaration seen so far (feeds declare them on the root).
  const prefixes = new Map<string, string>();
  const stack: Array<{ raw: string; el: XmlElement | null }> = [];
  let current: XmlElement = root;
  let pending: { raw: string; attrs: Record<string, string>; start: number } | null = null;
  let attrName = '';
  let attrValue = '';

  const open = (endIndex: number, selfClosing: boolean) => {
    if (!pending) return;
    for (const [k, v] of Object.entries(pending.attrs)) {
      if (k === 'xmlns' || k.startsWith('xmlns:')) {
        const canonical = NAMESPACES[v.trim().toLowerCase()];
        if (canonical !== undefined) prefixes.set(k === 'xmlns' ? '' : k.slice(6), canonical);
      }
    }
    const deep = stack.length >= MAX_TREE_DEPTH;
    const el: XmlElement | null = deep
      ? null
      : { name: canonicalName(pending.raw, prefixes), attrs: pending.attrs, children: [], parent: current, innerStart: endIndex + 1, innerEnd: endIndex + 1 };
    if (el) current.children.push(el);
    if (!selfClosing) {
      stack.push({ raw: pending.raw, el });
      if (el) current = el;
    }
    pending = null;
  };

  const close = (raw: string, tagStart: number) => {
    for (let i = stack.length - 1, n = 0; i >= 0 && n < CLOSE_SEARCH; i--, n++) {
      if (stack[i]!.raw !== raw) continue;
      while (stack.length > i) {
        const top = stack.pop()!;
        if (top.el) {
          top.el.innerEnd = tagStart;
          current = top.el.parent ?? root;
        }
      }
      return;
    }
    // No such element open nearby: a stray close tag, ignored.
  };

  const tokenizer = new Tokenizer(
    { xmlMode: true, decodeEntities: false },
    {
      onopentagname(start, end) {
        pending = { raw: source.slice(start, end).toLowerCase(), attrs: {}, start };
      },
      onattribname(start, end) {
        attrName = source.slice(start, end).toLowerCase();
        attrValue = '';
      },
      onattribdata(start, end) {
        attrValue += source.slice(start, end);
      },
      onattribentity() {},
      onattribend() {
        if (pending && !(attrName in pending.attrs)) pending.attrs[attrName] = decodeEntities(attrValue);
      },
      onopentagend(endIndex) {
        open(endIndex, false);
      },
      onselfclosingtag(endIndex) {
        open(endIndex, true);
      },
      onclosetag(start, end) {
        close(source.slice(start, end).toLowerCase(), source.lastIndexOf('<', start));
      },
      ontext() {},
      ontextentity() {},
      oncdata() {},
      oncomment() {},
      ondeclaration() {},
      onprocessinginstruction() {},
      onend() {},
    },
  );
  tokenizer.write(source);
  tokenizer.end();
  // Elements never closed (a truncated feed) end where the source ends.
  for (const { el } of stack) if (el) el.innerEnd = source.length;
  return { source, root, truncated: stack.length > 0 };
}

function canonicalName(raw: string, prefixes: Map<string, string>): string {
  const colon = raw.indexOf(':');
  const prefix = colon < 0 ? '' : raw.slice(0, colon);
  const local = colon < 0 ? raw : raw.slice(colon + 1);
  const canonical = prefixes.get(prefix);
  if (canonical === undefined) return raw;
  return canonical ? `${canonical}:${local}` : local;
}

/** Direct children named one of `names`, in document order. */
export function childrenNamed(el: XmlElement, ...names: string[]): XmlElement[] {
  return el.children.filter((c) => names.includes(c.name));
}

/** The first direct child named one of `names` (the names' order wins over document order). */
export function child(el: XmlElement, ...names: string[]): XmlElement | undefined {
  for (const n of names) {
    const c = el.children.find((x) => x.name === n);
    if (c) return c;
  }
  return undefined;
}

/** The element's content exactly as written in the source. */
export function innerSource(doc: XmlDocument, el: XmlElement): string {
  return doc.source.slice(el.innerStart, el.innerEnd);
}

/**
 * The element's character data: CDATA sections verbatim, comments dropped, entities decoded (HTML
 * ones too, which feeds use in XML freely). Child markup, if any, is left in place as text.
 */
export function xmlText(doc: XmlDocument, el: XmlElement): string {
  return decodeXmlText(innerSource(doc, el));
}

export function decodeXmlText(raw: string): string {
  if (!raw.includes('<') && !raw.includes('&')) return raw;
  const out: string[] = [];
  const re = /<!\[CDATA\[([\s\S]*?)(?:\]\]>|$)/g;
  let last = 0;
  for (let m = re.exec(raw); m; m = re.exec(raw)) {
    out.push(decodeEntities(raw.slice(last, m.index).replace(/<!--[\s\S]*?-->/g, '')), m[1]!);
    last = m.index + m[0].length;
  }
  out.push(decodeEntities(raw.slice(last).replace(/<!--[\s\S]*?-->/g, '')));
  return out.join('');
}

/** Effective xml:base of an element: its own and its ancestors', resolved against `documentBase`. */
export function baseOf(el: XmlElement | null, documentBase: string): string {
  const chain: string[] = [];
  for (let e = el; e; e = e.parent) if (e.attrs['xml:base']) chain.push(e.attrs['xml:base'].trim());
  let base = documentBase;
  for (const b of chain.reverse()) {
    try {
      base = new URL(b, base).href;
    } catch {
      // an unusable xml:base is ignored, as a browser would
    }
  }
  return base;
}
