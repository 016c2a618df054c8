import { definePipeline } from '../src/pipeline/define.ts';

/**
 * Offline demo: recorded real responses from ../shared/fixtures, replayed on 127.0.0.1.
 * Tempo's CekFakta and Hukum feeds replay a year of snapshots, one per run, so new fact-checks
 * arrive every minute as they did live; TurnBackHoax fact-checks and 440 real Indonesian tweets
 * come in as imports.
 */
export default definePipeline({
  name: 'demo',
  title: 'Polres Demo (data rekaman)',
  timezone: 'Asia/Jakarta',
  defaultSchedule: '* * * * *',
  http: { perHostIntervalMs: 0, retries: 1, backoffMs: 200, timeoutMs: 10_000 },
  replay: {
    root: '../shared/fixtures',
    routes: { '/s/durov': 'telegram-preview-html/d954mas/single-post-embed.html' },
    sequences: {
      '/tempo/cekfakta': 'tempo-cekfakta-feed/snapshots-cekfakta',
      '/tempo/hukum': 'tempo-cekfakta-feed/snapshots-hukum',
    },
  },
  area: {
    places: ['Belitung Timur', 'Beltim', 'Manggar', 'Gantung', 'Kelapa Kampit', 'Dendang', 'Damar', 'Simpang Pesak', 'Simpang Renggiang'],
    units: [{ name: 'Polres Belitung Timur', aliases: ['Polres Beltim'] }],
  },
  sources: [
    { id: 'tempo-cekfakta', kind: 'rss', name: 'Tempo Cek Fakta (rekaman)', factCheck: true, config: { url: '{replay}/tempo/cekfakta' } },
    { id: 'tempo-hukum', kind: 'rss', name: 'Tempo Hukum (rekaman)', schedule: '*/2 * * * *', config: { url: '{replay}/tempo/hukum' } },
    {
      id: 'youtube-demo',
      kind: 'rss',
      name: 'YouTube channel feed (rekaman)',
      schedule: '*/10 * * * *',
      config: { url: '{replay}/fastfeedparser-corpus/benchmark_data/021a787a782817fc', language: 'en' },
    },
    { id: 'telegram-demo', kind: 'telegram', name: 'Telegram @durov (rekaman)', schedule: '*/10 * * * *', config: { channel: 'durov', baseUrl: '{replay}', maxPages: 1, language: 'en' } },
    {
      id: 'turnbackhoax-2026',
      kind: 'import',
      name: 'TurnBackHoax 2026 (impor)',
      factCheck: true,
      schedule: '0 * * * *',
      config: { path: '{replayRoot}/turnbackhoax-articles-2026/turnbackhoax_articles.csv', columns: { text: 'narasi', published_at: 'date', title: 'kesimpulan' } },
    },
    {
      id: 'tweets-demo',
      kind: 'import',
      name: 'Cuitan publik (impor, IndoNLU EmoT)',
      schedule: '30 * * * *',
      config: { path: '{replayRoot}/indonlu-emot-tweets/test_preprocess.csv', columns: { text: 'tweet' } },
    },
  ],
});
