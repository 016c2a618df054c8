import { types, type ParserOptions, type Results } from '@electric-sql/pglite';

/** A column as a RowDescription names it: what `Results.fields` holds. */
export interface RowField {
  name: string;
  dataTypeID: number;
}

/**
 * The rows of one bind/execute/sync exchange, read straight from the server's bytes: what PGlite's
 * `parseResults` makes of the same messages (rows keyed by column name, later columns winning, values
 * through the same type parsers), for a statement whose columns are known from its description.
 *
 * PGlite's own reader turns every message into an object and copies every field's bytes before
 * decoding them: on the queue's page (50 rows × 21 columns) that was about a fifth of a request's CPU
 * on the one thread every request shares. Here a field is decoded from the response in place.
 *
 * Returns null when the response holds anything but rows and their completion (an error, a notice, a
 * notification): the caller then reads it with PGlite's parser, which knows every message.
 */
export function readRows(raw: Uint8Array, fields: readonly RowField[], parsers: ParserOptions): Results<Record<string, unknown>> | null {
  const buf = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  const rows: Array<Record<string, unknown>> = [];
  let command: string | null = null;
  let rowCount = NaN;
  let at = 0;
  while (at < buf.length) {
    if (at + 5 > buf.length) return null;
    const type = buf[at]!;
    const end = at + 1 + buf.readInt32BE(at + 1);
    if (end > buf.length) return null;
    let p = at + 5;
    switch (type) {
      case 0x44: {
        // 'D' DataRow: a count, then each field's length (-1 for null) and text.
        const n = buf.readInt16BE(p);
        if (n !== fields.length) return null;
        p += 2;
        const row: Record<string, unknown> = {};
        for (let i = 0; i < n; i++) {
          const len = buf.readInt32BE(p);
          p += 4;
          const field = fields[i]!;
          if (len < 0) row[field.name] = null;
          else {
            row[field.name] = types.parseType(buf.toString('utf8', p, p + len), field.dataTypeID, parsers);
            p += len;
          }
        }
        rows.push(row);
        break;
      }
      case 0x43: {
        // 'C' CommandComplete: "SELECT 50".
        const tag = buf.toString('utf8', p, end - 1);
        const words = tag.split(' ');
        command = words[0]!;
        rowCount = parseInt(words[words.length - 1]!, 10);
        break;
      }
      case 0x32: // '2' BindComplete
      case 0x5a: // 'Z' ReadyForQuery
        break;
      default:
        return null;
    }
    at = end;
  }
  if (command === null) return null;
  // As parseResults: only INSERT/UPDATE/DELETE/COPY/MERGE count as affected rows.
  const counts = ['INSERT', 'UPDATE', 'DELETE', 'COPY', 'MERGE'].includes(command);
  const out: Results<Record<string, unknown>> = {
    rows,
    fields: fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })),
    command,
    affectedRows: counts && !Number.isNaN(rowCount) ? rowCount : 0,
  };
  if (!Number.isNaN(rowCount)) out.rowCount = rowCount;
  return out;
}
