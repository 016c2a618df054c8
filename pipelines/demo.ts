import { definePipeline } from '../src/pipeline/define.ts';

/**
 * Offline demo: real recorded responses from pipelines/demo-data (built from the shared data by
 * `npm run build:demo-data`; origins and licences in its README), replayed on 127.0.0.1, so a fresh
 * clone runs it with nothing beside it. Tempo's CekFakta and Hukum feeds replay their snapshots one
 * per run, so new fact-checks arrive every minute as they did live; TurnBackHoax fact-checks, real
 * hoax posts as they circulated, and real Indonesian tweets come in as imports.
 */
export default definePipeline({
  name: 'demo',
  title: 'Polres Demo (data rekaman)',
  timezone: 'Asia/Jakarta',
  defaultSchedule: '* * * * *',
  http: { perHostIntervalMs: 0, retries: 1, backoffMs: 200, timeoutMs: 10_000 },
  replay: {
    root: 'pipelines/demo-data',
    routes: { '/s/durov': 'telegram-durov-505.html' },
    sequences: { '/tempo/cekfakta': 'tempo-cekfakta', '/tempo/hukum': 'tempo-hukum' },
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
      config: { url: '{replay}/youtube-channel.xml', language: 'en' },
    },
    {
      id: 'telegram-demo',
      kind: 'telegram',
      name: 'Telegram @durov (rekaman)',
      schedule: '*/10 * * * *',
      config: { channel: 'durov', baseUrl: '{replay}', maxPages: 1, language: 'en' },
    },
    {
      id: 'turnbackhoax-2026',
      kind: 'import',
      name: 'TurnBackHoax 2026 (impor)',
      factCheck: true,
      schedule: '0 * * * *',
      config: { path: '{replayRoot}/turnbackhoax-2026.csv', columns: { text: 'narasi', published_at: 'date', title: 'kesimpulan' } },
    },
    {
      id: 'tweets-demo',
      kind: 'import',
      name: 'Cuitan publik (impor, IndoNLU EmoT)',
      schedule: '30 * * * *',
      config: { path: '{replayRoot}/emot-tweets.csv', columns: { text: 'tweet' } },
    },
    {
      id: 'public-posts',
      kind: 'import',
      name: 'Unggahan publik (impor, hoaks yang beredar)',
      schedule: '15 * * * *',
      config: { path: '{replayRoot}/public-posts.csv' },
    },
  ],
});
