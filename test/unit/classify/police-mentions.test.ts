import { describe, expect, it } from 'vitest';
import { detectPoliceMentions } from '../../../src/classify/police-mentions.ts';

const BELTIM = {
  units: [
    { name: 'Polres Belitung Timur', aliases: ['Polres Beltim'] },
    { name: 'Polsek Kelapa Kampit', aliases: [] },
    { name: 'Polsek Manggar', aliases: [] },
  ],
};
const mentions = (text: string, lex = BELTIM) => detectPoliceMentions(text, lex).map((m) => [m.text, m.unit]);

// Sentences below are excerpts of real items in ../shared (Indonesia False News, TurnBackHoax, Komdigi).
describe('detectPoliceMentions', () => {
  it('reads a chief with a compound place name in a headline', () => {
    expect(mentions('Kapolres Timor Tengah Utara , Nusa Tenggara Timur  Beri Klarifikasi')).toEqual([
      ['Kapolres Timor Tengah Utara', 'Polres Timor Tengah Utara'],
    ]);
  });

  it('reads Polrestabes and Polsek with their places in prose', () => {
    expect(mentions('Kapolrestabes Bandung, Kombes Pol Hendro Pandowo mengatakan berita tersebut hoaks')).toEqual([
      ['Kapolrestabes Bandung', 'Polrestabes Bandung'],
    ]);
    expect(mentions('Kami tegaskan Polsek Cisaat tidak pernah mempublikasikan atau membuat data-data tersebut')).toEqual([['Polsek Cisaat', 'Polsek Cisaat']]);
  });

  it('separates an officer from his unit', () => {
    expect(
      mentions('kasus pemukulan Imam Salat Tarawih M Nabis Batubara (65), oleh oknum polisi Polres Padang Sidempuan yang disebutkan oleh pemosting'),
    ).toEqual([
      ['oknum polisi', 'Polri'],
      ['Polres Padang Sidempuan', 'Polres Padang Sidempuan'],
    ]);
  });

  it('works on ALL CAPS posts', () => {
    expect(mentions('HASIL PENYADAPAN MABES POLRI tentang RENCANA DENSUS 88 UTK MELAKUKAN PENANGKAPAN PERWIRA TNI AKTIF')).toEqual([
      ['MABES POLRI', 'Polri'],
      ['DENSUS 88', 'Densus 88'],
    ]);
  });

  it('finds every mention in a stemmed, lower-case clarification', () => {
    expect(mentions('harap segera lapor polsek pos polisi bhayangkara bina aman tertib masyarakat bhabinkamtibmas dekat kategori hoaks')).toEqual([
      ['polsek', 'Polsek'],
      ['polisi', 'Polri'],
      ['bhabinkamtibmas', 'Bhabinkamtibmas'],
    ]);
  });

  it("maps the deployment's own names and chiefs to its units", () => {
    const text = 'Kapolres Beltim AKBP Indra Feri Dalimunthe bersama Polsek Kelapa Kampit patroli. Info dr grup: polres beltim razia besok';
    expect(mentions(text)).toEqual([
      ['Kapolres Beltim', 'Polres Belitung Timur'],
      ['Polsek Kelapa Kampit', 'Polsek Kelapa Kampit'],
      ['polres beltim', 'Polres Belitung Timur'],
    ]);
  });

  it('gives the same answer on every call (no regex state carried between texts)', () => {
    const lex = { units: [{ name: 'Polres Belitung Timur', aliases: ['Beltim Police'] }] };
    for (let i = 0; i < 3; i++) expect(detectPoliceMentions('kata Beltim Police tadi', lex).map((m) => m.unit)).toEqual(['Polres Belitung Timur']);
  });

  it('gives spans that index the original text', () => {
    const text = 'Warga melapor ke Satlantas Polres Belitung Timur soal tilang';
    for (const m of detectPoliceMentions(text, BELTIM)) expect(text.slice(m.start, m.end)).toBe(m.text);
    expect(mentions(text)).toEqual([
      ['Satlantas', 'Satlantas'],
      ['Polres Belitung Timur', 'Polres Belitung Timur'],
    ]);
  });

  it('finds the police in hashtags, handles, enclitics and slang', () => {
    expect(mentions('kok polisinya diam aja #PercumaLaporPolisi @DivHumas_Polri @ListyoSigitP')).toEqual([
      ['polisinya', 'Polri'],
      ['#PercumaLaporPolisi', 'Polri'],
      ['@DivHumas_Polri', 'Polri'],
      ['@ListyoSigitP', 'Polri'],
    ]);
    expect(mentions('dasar wereng coklat, seragam coklat cuma bisa pungli')).toEqual([
      ['wereng coklat', 'Polri'],
      ['seragam coklat', 'Polri'],
    ]);
  });

  it('ends a unit where its name ends: a known place or the bare unit word, never the verb after it', () => {
    expect(mentions('POLDA UNTUK WARGA JAKARTA')).toEqual([['POLDA', 'Polda']]);
    expect(mentions('Polda METRO MENGELUARKAN SURAT EDARAN')).toEqual([['Polda METRO', 'Polda Metro Jaya']]);
    expect(mentions('Polda Sumut Tangkap Sindikat Narkoba')).toEqual([['Polda Sumut', 'Polda Sumatera Utara']]);
    expect(mentions('Hasil penelusuran merujuk pada berita “Operasi Keselamatan Berakhir, Polda Jateng Fokus Pengamanan Mudik”.')).toEqual([
      ['Polda Jateng', 'Polda Jawa Tengah'],
    ]);
    expect(mentions('Kapolsek Senori AKP Budi Santoso menjadi pembina upacara bendera')).toEqual([['Kapolsek Senori', 'Polsek Senori']]);
  });

  it("reads an officer's rank with a name as the police when nothing else names them, and not the ranks others share", () => {
    // Messages in an officer's name often give only the rank (TurnBackHoax's scam messages: "dengan saya AKBP …").
    expect(mentions('Selamat siang, dengan saya AKBP Wahyu Jati Wibowo, maaf apa sedang sibuk')).toEqual([['AKBP', 'Polri']]);
    expect(mentions('assalamualaikum saya bripka Andi, SIM bapak diblokir')).toEqual([['bripka', 'Polri']]);
    expect(mentions('Irjen Pol Ahmad Dofiri dan Bharada E hadir')).toEqual([
      ['Irjen Pol', 'Polri'],
      ['Bharada', 'Polri'],
    ]);
    // Beside a unit, the unit says it; the TNI's and a ministry's ranks, Turkey's AKP and a rank without a name do not.
    expect(mentions('Kapolres Beltim AKBP Budi Santoso meninjau pos')).toEqual([['Kapolres Beltim', 'Polres Belitung Timur']]);
    expect(mentions('Brigjen TNI Hamim dan Irjen Kemenkeu Awan Nurmawan')).toEqual([]);
    expect(mentions('Partai AKP Erdogan menang pemilu; akp itu singkatan apa')).toEqual([]);
  });

  it('does not fire on look-alikes', () => {
    expect(mentions('Beredar Surat Rekrutmen Satpol PP, Kepala Satpol PP dan Damkar Sintang Angkat Bicara')).toEqual([]);
    expect(mentions('Prancis, Inggris, Italia, Irlandia, Jerman, Kroasia, Norwegia, Polandia, Selandia Baru, Slovakia')).toEqual([]);
    expect(mentions('isu politik jelang pilkada, klaim polis asuransi, polisemi kata, polusi udara di poliklinik')).toEqual([]);
    expect(mentions('warga memasang polisi tidur di gang; polisi hutan dan polisi militer ikut patroli; Polisi Pamong Praja')).toEqual([]);
  });
});

describe('detectPoliceMentions on the hand-labelled real sentences (models/eval)', () => {
  it('keeps its measured quality on the held-out set (labelled after the detector was frozen)', async () => {
    const { evaluate } = await import('../../../scripts/eval-police.ts');
    const { MODELS_DIR } = await import('../../../src/classify/normalise.ts');
    const r = evaluate(`${MODELS_DIR}/eval/police-mentions.heldout.jsonl`);
    expect(r.overlap.f1).toBeGreaterThanOrEqual(0.97);
    expect(r.hard_negative_false_alarms).toBeLessThanOrEqual(1);
  });
});
