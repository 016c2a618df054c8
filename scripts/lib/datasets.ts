/**
 * The labelled Indonesian hoax data in ../shared/data, read where it lies (never copied), each row
 * assigned to train / validation / test by a hash of its text, so splits are stable across runs and
 * a text repeated within a set never straddles two splits.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';

import { loadPoliceCorpus, quotedClaim, reservedMatcher } from './police-corpus.ts';
import { SHARED } from './shared.ts';

export { SHARED };
const DATA = path.join(SHARED, 'data');

export type Split = 'train' | 'val' | 'test';
export interface LabelledDoc {
  /** `feedback`: analysts' verdicts from the review desk (npm run train -- --feedback) */
  dataset: DatasetName | 'feedback';
  text: string;
  label: 0 | 1;
  split: Split;
  /** How much it counts in training: weak labels less. (Default: 1) */
  weight?: number;
}
export type DatasetName = 'ifn' | 'pratiwi' | 'political' | 'news_tbh' | 'casual_tweets' | 'police_news' | 'police_complaints' | 'tbh_claims';

export const DATASETS: Record<DatasetName, string> = {
  ifn: 'Indonesia False News (social claims, Mafindo-checked)',
  pratiwi: 'Pratiwi et al. 2017 (news articles, 3-referee labels)',
  political: 'Indonesian political fact/hoax headlines (lower-cased, stopwords removed)',
  news_tbh: 'Mainstream news vs TurnBackHoax 2025 (verdict prefixes stripped)',
  casual_tweets: 'IndoNLU EmoT personal tweets, all taken as not-hoax (weak labels: a few share claims)',
  police_news: 'Mainstream 2025 news naming the police (indonews), as not-hoax',
  police_complaints: 'Tweets criticising the police (Aug 2025 protests, Kanjuruhan 2022), as not-hoax at weight 0.3 (weak labels)',
  tbh_claims: 'Claims as they circulated, quoted by TurnBackHoax (2019-2025 collections), all hoaxes',
};

/** Weak not-hoax sets count for less: they steer the model away from calling ordinary posts hoaxes without drowning the labelled sets. */
export const WEAK_WEIGHT: Partial<Record<DatasetName, number>> = { casual_tweets: 0.3, police_complaints: 0.3, tbh_claims: 0.5 };

export function splitOf(text: string): Split {
  const h = createHash('sha1').update(text.trim().toLowerCase()).digest()[0]! % 10;
  return h < 7 ? 'train' : h < 8 ? 'val' : 'test';
}

const csv = (file: string, opts: Record<string, unknown> = {}) =>
  parse(fs.readFileSync(path.join(DATA, file)), {
    columns: true,
    bom: true,
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: true,
    ...opts,
  }) as Array<Record<string, string>>;

function doc(dataset: DatasetName, text: string, label: 0 | 1): LabelledDoc | null {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length >= 10 ? { dataset, text: t, label, split: splitOf(t), weight: WEAK_WEIGHT[dataset] ?? 1 } : null;
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
      for (const f of ['df_data_train.csv', 'df_data_test.csv'])
        for (const r of csv(`political-titles/${f}`)) rows.push(doc(name, r.Text ?? '', r.True_Label === '1' ? 1 : 0));
      break;
    case 'news_tbh':
      for (const [f, label] of [
        ['raw_valid.csv', 0],
        ['raw_hoax.csv', 1],
      ] as const) {
        for (const r of csv(`news-vs-tbh-2025/${f}`)) {
          // The verdict prefix gives the label away: "[SALAH] …", "[PENIPUAN] …".
          const title = (r.Title ?? '').replace(/^\s*\[[^\]]+\]\s*/, '');
          rows.push(doc(name, `${title}. ${r.FullText ?? ''}`, label));
        }
      }
      break;
    case 'casual_tweets':
      // The IndoNLU train split only: the demo pipeline shows its test split.
      for (const r of parse(fs.readFileSync(path.join(SHARED, 'fixtures/indonlu-emot-tweets/train_preprocess.csv')), {
        columns: true,
        bom: true,
        relax_quotes: true,
      }) as Array<Record<string, string>>) {
        rows.push(doc(name, r.tweet ?? '', 0));
      }
      break;
    case 'police_news':
      for (const d of loadPoliceCorpus()) if (d.set === 'news25') rows.push(doc(name, d.text, 0));
      break;
    case 'tbh_claims': {
      // The fact-checker's placeholder where the claim was an image or a video is not a claim.
      const claim = (t: string) => {
        const c = quotedClaim(t);
        return c.length >= 30 && !/narasi tidak ditampilkan|tidak tersedia/i.test(c) ? c : '';
      };
      for (const f of ['others', 'politics', 'scam'])
        for (const r of csv(`tbh-hoax-corpora/tbh-2024-hoax-narratives__${f}_hoax_text.csv`)) rows.push(doc(name, claim(r.HOAX_TEXT ?? ''), 1));
      for (const r of csv('tbh-hoax-corpora/tbh-social-posts-2019-2025__turnbackhoax_fix.csv')) rows.push(doc(name, claim(r.post_text ?? ''), 1));
      for (const r of csv('tbh-hoax-corpora/tbh-claims-fact-1k__hoax_1k.csv')) rows.push(doc(name, claim(r.content ?? ''), 1));
      break;
    }
    case 'police_complaints':
      for (const d of loadPoliceCorpus()) if ((d.set === 'dpr25' || d.set === 'kjr22') && d.weak === 'kritik') rows.push(doc(name, d.text, 0));
      break;
  }
  // Texts reserved for the hand-labelled police-triage set are never trained on, by any model.
  const reserved = reservedMatcher();
  // Exact repeats inside a set (the same article scraped twice) would leak between folds otherwise.
  const seen = new Set<string>();
  return rows.filter((d): d is LabelledDoc => {
    if (!d || seen.has(d.text) || reserved(d.text)) return false;
    seen.add(d.text);
    return true;
  });
}
