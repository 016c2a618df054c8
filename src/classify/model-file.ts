import { isAscii } from 'node:buffer';
import fs from 'node:fs';

/**
 * How the learned models' JSON artifacts are written and read. Every process that classifies reads
 * both (9.5 MB) before its first text, so how fast they read is most of `saring classify`'s start-up.
 *
 * Written with every character outside ASCII escaped (`\u00e9`): JSON.parse gives the same strings,
 * and a file of ASCII bytes can be read as Latin-1, a copy of the bytes, where UTF-8 decoding checks
 * and converts each one; V8 then parses a one-byte string, which it does faster than the two-byte one
 * a single non-ASCII character turns the whole text into. Together: the hoax model loaded in a fresh
 * process in 222–250 ms instead of 287–313. A file with raw non-ASCII characters (an older model, a
 * hand edit) still reads, as UTF-8.
 */

/** The artifact as JSON, one line, ASCII only. */
export function modelJson(artifact: unknown): string {
  return JSON.stringify(artifact).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) + '\n';
}

export function writeModelFile(file: string, artifact: unknown): void {
  fs.writeFileSync(file, modelJson(artifact));
}

/** Parses a model file; `what` names the model in the error when the file is no JSON. */
export function readModelFile(file: string, what: string): unknown {
  const bytes = fs.readFileSync(file);
  const text = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(`${what}: ${file} is not valid JSON (${(err as Error).message}): run "npm run train"`, { cause: err });
  }
}
