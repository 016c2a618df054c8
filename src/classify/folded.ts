/**
 * A cheap test before a case-insensitive Unicode regular expression (flags "iu"): a pattern that needs
 * a run of ASCII letters cannot match a text whose folded form lacks it. Folded: lower case, with "ſ"
 * (long s) as "s". Under "iu" two characters match when their simple case foldings are equal; the only
 * characters outside ASCII that fold to an ASCII letter are "ſ" (to "s") and the Kelvin sign (to "k"),
 * which toLowerCase already maps. toLowerCase may add letters ("İ" → "i̇"), which only lets a regular
 * expression run that would not match. Pure.
 */
export function folded(text: string): string {
  return text.toLowerCase().replaceAll('ſ', 's');
}

/** Whether `needle` may be tested with folded(): ASCII letters only (lower-cased by the caller). */
export const isAsciiWord = (needle: string): boolean => /^[a-z]+$/.test(needle);
