/**
 * A cheap test before a case-insensitive Unicode regular expression (flags "iu"): a pattern that needs
 * a run of ASCII characters cannot match a text whose folded form lacks it. Folded: lower case, with "ſ"
 * (long s) as "s". Under "iu" two characters match when their simple case foldings are equal; the only
 * characters outside ASCII that match an ASCII one are "ſ" (as "s") and the Kelvin sign (as "k", which
 * toLowerCase already gives): /^[\x00-\x7f]$/iu tested on every code point finds those two. toLowerCase
 * may add letters ("İ" → "i̇"), which only lets a regular expression run that would not match. Pure.
 */
export function folded(text: string): string {
  // The classifier folds one text in several stages (police mentions, places, signals): the last one is kept.
  if (text !== lastText) {
    lastFolded = text.toLowerCase().replaceAll('ſ', 's');
    lastText = text;
  }
  return lastFolded;
}
let lastText: string | undefined;
let lastFolded = '';

/** Whether `needle` may be tested with folded(): ASCII letters only (lower-cased by the caller). */
export const isAsciiWord = (needle: string): boolean => /^[a-z]+$/.test(needle);
