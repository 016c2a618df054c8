import { definePipeline } from '../src/pipeline/define.ts';

/**
 * Polres Belitung Timur (Polda Kepulauan Bangka Belitung): local and national news, fact-checkers
 * and public channels. Edit the sources, schedules and the local vocabulary here.
 */
export default definePipeline({
  name: 'beltim',
  title: 'Polres Belitung Timur',
  timezone: 'Asia/Jakarta',
  defaultSchedule: '*/30 * * * *',
  http: { perHostIntervalMs: 2_000, timeoutMs: 20_000, retries: 2 },
  area: {
    places: [
      'Belitung Timur',
      'Beltim',
      'Manggar',
      'Gantung',
      'Kelapa Kampit',
      'Dendang',
      'Damar',
      'Simpang Pesak',
      'Simpang Renggiang',
      'Belitung',
      'Bangka Belitung',
      'Babel',
      'Tanjung Pandan',
      'Tanjungpandan',
    ],
    units: [
      { name: 'Polres Belitung Timur', aliases: ['Polres Beltim', 'Polres Belitung Timur Polda Babel'] },
      { name: 'Polsek Manggar', aliases: [] },
      { name: 'Polsek Gantung', aliases: [] },
      { name: 'Polsek Kelapa Kampit', aliases: ['Polsek Kelapakampit'] },
      { name: 'Polsek Dendang', aliases: [] },
      { name: 'Polsek Damar', aliases: [] },
      { name: 'Polsek Simpang Pesak', aliases: [] },
      { name: 'Polsek Simpang Renggiang', aliases: [] },
      { name: 'Polda Kepulauan Bangka Belitung', aliases: ['Polda Babel', 'Polda Kep. Babel'] },
    ],
  },
  // The official-accounts registry (accounts, websites, numbers, spokespeople) is kept by admins on
  // the "Registri akun" page. Entries listed here are written once, on the first start:
  //   registry: [{ kind: 'akun', platform: 'instagram', value: '@…', unit: 'Polres Belitung Timur' },
  //              { kind: 'pejabat', value: '…', rank: 'AKBP', position: 'Kapolres', unit: 'Polres Belitung Timur' }],
  // None are listed: this repository does not vouch for any account or number.
  clarification: {
    contact: 'Call Center Polri 110 · Humas Polres Belitung Timur',
    hashtags: ['#SaringSebelumSharing', '#PolresBeltim', '#PolriPresisi'],
  },
  sources: [
    // Local and regional news
    {
      id: 'antara-babel',
      kind: 'rss',
      name: 'ANTARA Bangka Belitung',
      schedule: '*/15 * * * *',
      config: { url: 'https://babel.antaranews.com/rss/terkini.xml' },
    },
    { id: 'posbelitung', kind: 'rss', name: 'Pos Belitung (Tribun)', schedule: '*/15 * * * *', config: { url: 'https://belitung.tribunnews.com/rss' } },
    { id: 'bangkapos', kind: 'rss', name: 'Bangka Pos (Tribun)', schedule: '*/20 * * * *', config: { url: 'https://bangka.tribunnews.com/rss' } },
    // National news
    { id: 'cnn-nasional', kind: 'rss', name: 'CNN Indonesia Nasional', config: { url: 'https://www.cnnindonesia.com/nasional/rss' } },
    { id: 'detik', kind: 'rss', name: 'detikcom', config: { url: 'https://rss.detik.com/index.php/detikcom' } },
    // Fact-checkers: the corpus of debunked claims
    {
      id: 'turnbackhoax',
      kind: 'rss',
      name: 'TurnBackHoax (Mafindo)',
      factCheck: true,
      schedule: '0 * * * *',
      config: { url: 'https://turnbackhoax.id/feed/' },
    },
    {
      id: 'tempo-cekfakta',
      kind: 'rss',
      name: 'Tempo Cek Fakta',
      factCheck: true,
      schedule: '0 * * * *',
      config: { url: 'https://www.tempo.co/api/gateway/rss/free/cekfakta' },
    },
    {
      id: 'kompas-cekfakta',
      kind: 'html',
      name: 'Kompas.com Cek Fakta',
      factCheck: true,
      schedule: '15 * * * *',
      config: {
        listUrl: 'https://www.kompas.com/cekfakta',
        linkPattern: '/cekfakta/read/\\d{4}/',
        selectors: { body: '.read__content', date: '.read__time', author: '.credit-title-name' },
        maxArticles: 15,
      },
    },
    {
      id: 'komdigi-hoaks',
      kind: 'html',
      name: 'Komdigi — Laporan Isu Hoaks',
      factCheck: true,
      schedule: '30 */3 * * *',
      config: { listUrl: 'https://www.komdigi.go.id/berita/berita-hoaks', linkPattern: '/berita/berita-hoaks/detail/', maxArticles: 15 },
    },
    // Public posts
    { id: 'telegram-kompascom', kind: 'telegram', name: 'Telegram @kompascom', schedule: '*/20 * * * *', config: { channel: 'kompascom' } },
    // Public reports: posts that tag or mention the Polres's accounts (handles from the registry, so
    // nothing is polled until admins register them). Disabled: it needs the internet and an RSSHub
    // instance the Polres trusts (rsshub.app rate-limits X/Instagram routes; a self-hosted one needs
    // its own platform cookies). Enable once the registry holds the accounts.
    {
      id: 'sebutan-akun-polres',
      kind: 'mentions',
      name: 'Sebutan & tag akun Polres (laporan masyarakat)',
      schedule: '*/15 * * * *',
      enabled: false,
      config: {
        feeds: [
          { type: 'mastodon', instance: 'https://mastodon.social' },
          { type: 'rsshub', base: 'https://rsshub.app', route: '/twitter/keyword/{handle}', platform: 'x' },
          { type: 'rsshub', base: 'https://rsshub.app', route: '/instagram/2/tags/{handle}', platform: 'instagram' },
        ],
      },
    },
  ],
});
