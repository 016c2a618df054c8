import { describe, expect, it } from 'vitest';
import { triageSignals } from '../../../src/classify/triage-signals.ts';

const signals = (text: string) => triageSignals({ text, cues: [], localNames: [], oldHoaxes: [], registry: null });

describe('triage-signals', () => {
  it('finds an institution the text speaks for, however the attribution is spelled', () => {
    expect(signals('Beredar surat edaran Kapolri soal razia besok').mencatut_instansi.evidence).toEqual(['surat edaran Kapolri']);
    expect(signals('Pesan ini mengatasnamakan Polres Belitung Timur').mencatut_instansi.evidence).toEqual(['mengatasnamakan Polres']);
    expect(signals('Himbauan dari Bupati: warga diminta tetap di rumah').mencatut_instansi.evidence).toEqual(['Himbauan dari Bupati']);
    expect(signals('Warga diminta tetap di rumah malam ini').mencatut_instansi.present).toBe(false);
  });

  it('counts a quoted official as a source, whatever the verb of saying', () => {
    expect(signals('Menteri Dalam Negeri Polandia Jacek Cichocki mengatakan 3 orang ditahan').tanpa_sumber_resmi.present).toBe(false);
    expect(signals('Bupati Beltim menegaskan kabar itu tidak benar').tanpa_sumber_resmi.present).toBe(false);
    expect(signals('Hal itu dijelaskan kepala dinas kesehatan, menurut Kapolres AKBP Budi').tanpa_sumber_resmi.present).toBe(false);
    expect(signals('Seperti dilansir dari laman resmi BMKG, gempa terjadi pukul 10.15').tanpa_sumber_resmi.present).toBe(false);
    expect(signals('Sumber: grup sebelah').tanpa_sumber_resmi.present).toBe(false);
    expect(signals('Gempa besar akan terjadi besok pukul 10.15, 200 orang jadi korban').tanpa_sumber_resmi.present).toBe(true);
  });

  it('shows figures without a source, and none beside a source', () => {
    expect(signals('Gempa besar akan terjadi besok pukul 10.15, 200 orang jadi korban').angka_tanpa_sumber.evidence).toEqual(['pukul 10.15', '200 orang']);
    expect(signals('Bupati Beltim mengatakan 200 orang jadi korban').angka_tanpa_sumber.present).toBe(false);
  });
});
