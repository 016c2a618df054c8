import type { SourceKind } from '../vocabulary.ts';
import { html } from './html.ts';
import { importKind } from './import.ts';
import { mentions } from './mentions.ts';
import { rss } from './rss.ts';
import { telegram } from './telegram.ts';
import { tip } from './tip.ts';
import type { SourceKindDef } from './types.ts';

/** Every source kind, explicitly: adding a kind means adding a file and a line here. */
// Each kind keeps its own config type; the registry sees them through the erased type.
export const SOURCE_KIND_DEFS: readonly SourceKindDef<unknown>[] = [rss, html, telegram, tip, importKind, mentions];

export function sourceKind(kind: SourceKind): SourceKindDef<unknown> {
  const def = SOURCE_KIND_DEFS.find((k) => k.kind === kind);
  if (!def) throw new Error(`unknown source kind "${kind}"`);
  return def;
}
