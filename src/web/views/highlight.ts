/** A run of text, marked when it is a police mention (with the unit it refers to). */
export interface Segment {
  text: string;
  unit?: string;
}

/**
 * Cuts `text` at the mention spans so a page can wrap mentions in <mark> while escaping everything.
 * Spans out of range or overlapping an earlier one are ignored rather than trusted.
 */
export function highlightSegments(text: string, spans: ReadonlyArray<{ start: number; end: number; unit: string }>): Segment[] {
  const out: Segment[] = [];
  let at = 0;
  for (const s of [...spans].sort((a, b) => a.start - b.start)) {
    if (s.start < at || s.end > text.length || s.end <= s.start) continue;
    if (s.start > at) out.push({ text: text.slice(at, s.start) });
    out.push({ text: text.slice(s.start, s.end), unit: s.unit });
    at = s.end;
  }
  if (at < text.length) out.push({ text: text.slice(at) });
  return out;
}
