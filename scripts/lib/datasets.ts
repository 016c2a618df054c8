/**
 * The labelled Indonesian hoax data in ../shared/data, read where it lies (never copied), each row
 * assigned to train / validation / test by a hash of its text, so splits are stable across runs and
 * a text repeated within a set never straddles two splits.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';

export const SHARED = path.resolve(process.env.SARING_SHARED ?? path.join(import.meta.dirname, '../../../shared'));
const DATA = path.join(SHARED, 'data');

export type Split = 'train' | 'val' | 'test';
export interface LabelledDoc {
  /** `feedback`: analysts' verdicts from the review desk (npm run train -- --feedback) */
  dataset: DatasetName | 'feedback';
  text: string;
  label: 0 | 1;
  split: Split;
}
export type DatasetName = 'ifn' | 'pratiwi' | 'political' | 'news_tbh' | 'casual_tweets';

export const DATASETS: Record<DatasetName, string> = {
  ifn: 'Indonesia False News (social claims, Mafindo-checked)',
  pratiwi: 'Pratiwi et al. 2017 (news articles, 3-referee labels)',
  political: 'Indonesian political fact/hoax headlines (lower-cased, stopwords removed)',
  news_tbh: 'Mainstream news vs TurnBackHoax 2025 (verdict prefixes stripped)',
  casual_tweets: 'IndoNLU EmoT personal tweets, all taken as not-hoax (weak labels: a few share claims)',
};

export function splitOf(text: string): Split {
  const h = createHash('sha1').update(text.trim().toLowerCase()).digest()[0]! % 10;
  return h < 7 ? 'train' : h < 8 ? 'val' : 'test';
}

const csv = (file: string, opts: Record<string, unknown> = {}) =>
  parse(fs.readFileSync(path.join(DATA, file)), { columns: true, bom: true, relax_quotes: true, relax_column_count: true, skip_empty_lines: true, ...opts }) as Array<Record<string, string>>;

function doc(dataset: DatasetName, text: string, label: 0 | 1): LabelledDoc | null {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length >= 10 ? { dataset, text: t, label, split: splitOf(t) } : null;
}

export function loadDataset(name: DatasetName): LabelledDoc[] {
  const rows: Array<LabelledDoc | null> = [];
  switch (name) {
    case 'ifn':
      for (const r of csv('indonesia-false-news/train.csv')) rows.push(doc(name, `${r.judul ?? ''}. ${r.text ?? ''}`, r.label === 'FAKE' ? 1 : 0));
      break;
    case 'pratiwi': {
      const text = new TextDecoder('windows-1252').decode(fs.readFileSync(path.join(DATA, 'pratiwi2017/600_news_with_valid_hoax_label.csv')));
      for (const r of parse(text, { columns: true, delimiter: ';', relax_quotes: true, skip_empty_lines: true }) as Array<Record<string, string>>) {
        rows.push(doc(name, r.berita ?? '', /hoax/i.test(r.tagging ?? '') ? 1 : 0));
      }
      break;
    }
    case 'political':
      for (const f of ['df_data_train.csv', 'df_data_test.csv']) for (const r of csv(`political-titles/${f}`)) rows.push(doc(name, r.Text ?? '', r.True_Label === '1' ? 1 : 0));
      break;
    case 'news_tbh':
      for (const [f, label] of [['raw_valid.csv', 0], ['raw_hoax.csv', 1]] as const) {
        for (const r of csv(`news-vs-tbh-2025/${f}`)) {
          // The verdict prefix gives the label away: "[SALAH] …", "[PENIPUAN] …".
          const title = (r.Title ?? '').replace(/^\s*\[[^\]]+\]\s*/, '');
          rows.push(doc(name, `${title}. ${r.FullText ?? ''}`, label));
        }
      }
      break;
    case 'casual_tweets':
      // The IndoNLU train split only: the demo pipeline shows its test split.
      for (const r of parse(fs.readFileSync(path.join(SHARED, 'fixtures/indonlu-emot-tweets/train_preprocess.csv')), { columns: true, bom: true, relax_quotes: true }) as Array<Record<string, string>>) {
        rows.push(doc(name, r.tweet ?? '', 0));
      }
      break;
  }
  // Exact repeats inside a set (the same article scraped twice) would leak between folds otherwise.
  const seen = new Set<string>();
  return rows.filter((d): d is LabelledDoc => {
    if (!d || seen.has(d.text)) return false;
    seen.add(d.text);
    return true;
  });
}
