import { describe, expect, it } from 'vitest';
import { normaliseRegistryValue, officersIn, OfficialRegistry, RegistryValueError, type RegistryEntry } from '../../../src/classify/official-registry.ts';

/**
 * The circulated messages are TurnBackHoax's quotes (tbh-2024-hoax-narratives, scam category: ids
 * 3535, 2442, 3634), with the impostor's number where TurnBackHoax gives it beside the quote. The
 * registries hold the officers those articles name; the numbers and handles marked "registered" stand
 * for the units' official ones.
 */
const entry = (kind: RegistryEntry['kind'], raw: string, unit: string, extra: Partial<RegistryEntry> = {}): RegistryEntry => ({
  kind,
  value: normaliseRegistryValue(kind, raw),
  unit,
  ...extra,
});

const kubuRaya = new OfficialRegistry([
  entry('pejabat', 'Wahyu Jati Wibowo', 'Polres Kubu Raya', { rank: 'AKBP', position: 'Kapolres' }),
  entry('telepon', '0811-5730-110', 'Polres Kubu Raya', { platform: 'whatsapp' }),
  entry('akun', '@polres_kuburaya', 'Polres Kubu Raya', { platform: 'instagram' }),
  entry('situs', 'https://kuburaya.kalbar.polri.go.id/', 'Polres Kubu Raya'),
]);

describe('registry values', () => {
  it('normalises numbers, handles and sites to one stored form', () => {
    expect(normaliseRegistryValue('telepon', '+62 812-6872-3893')).toBe('6281268723893');
    expect(normaliseRegistryValue('telepon', '0812 6872 3893')).toBe('6281268723893');
    expect(normaliseRegistryValue('telepon', '110')).toBe('110');
    expect(normaliseRegistryValue('akun', 'https://www.instagram.com/Polres_KubuRaya/')).toBe('polres_kuburaya');
    expect(normaliseRegistryValue('akun', '@Humas.PolresBeltim')).toBe('humas.polresbeltim');
    expect(normaliseRegistryValue('situs', 'HTTPS://www.Tribratanews.Babel.Polri.go.id/berita')).toBe('tribratanews.babel.polri.go.id');
  });

  it('refuses what is not an identifier, naming it', () => {
    expect(() => normaliseRegistryValue('telepon', '1-2')).toThrow(RegistryValueError);
    expect(() => normaliseRegistryValue('telepon', '0812 abc')).toThrow(/"0812 abc" bukan nomor telepon Indonesia/);
    expect(() => normaliseRegistryValue('akun', '@polres beltim!')).toThrow(/bukan nama akun/);
    expect(() => normaliseRegistryValue('situs', 'polres beltim')).toThrow(/bukan nama situs/);
  });
});

describe('officers in a text', () => {
  it('reads rank, name and the position written before them', () => {
    expect(officersIn('Dengan saya bapak Kapolres kubu raya AKBP Wahyu Jati Wibowo Terima kasih')).toEqual([
      { rank: 'AKBP', name: 'Wahyu Jati Wibowo Terima', position: 'Kapolres Kubu Raya', written: 'Kapolres kubu raya AKBP Wahyu Jati Wibowo Terima' },
    ]);
    expect(officersIn('IPTU Arif Usman Rumra +62 821 4129 0824')[0]).toMatchObject({ rank: 'Iptu', name: 'Arif Usman Rumra' });
  });
});

describe('impersonation against the registry', () => {
  it('a right name and rank from an unregistered number: the number is the mismatch (TBH 3535)', () => {
    const msg =
      '“Ass…selamat siang ibu Yeni Dengan ibu Yeni pimpinan PT bintang Pratama Apa kabar ibu yeni Dengan saya bapak Kapolres kubu raya AKBP Wahyu Jati Wibowo Terima kasih” WhatsApp +62 812 6872 3893';
    const c = kubuRaya.check(msg);
    expect(c.claimsOrigin).toBe(true);
    expect(c.mismatched).toEqual([
      { kind: 'telepon', found: '+62 812 6872 3893', reason: 'nomor +62 812 6872 3893 tidak terdaftar sebagai nomor resmi Polres Kubu Raya' },
    ]);
    expect(c.matched.map((m) => m.kind)).toEqual(['pejabat']);
  });

  it('a chief’s name with a personal number is a contact card claiming the post (TBH 2442)', () => {
    const wajo = new OfficialRegistry([
      entry('pejabat', 'Fatchur Rochman', 'Polres Wajo', { rank: 'AKBP', position: 'Kapolres' }),
      entry('telepon', '110', 'Polres Wajo'),
    ]);
    const c = wajo.check('“Fatchur Rochman kapolres wajo 0822 9599 6471”');
    expect(c.claimsOrigin).toBe(true);
    expect(c.mismatched.map((m) => m.reason)).toEqual(['nomor 0822 9599 6471 tidak terdaftar sebagai nomor resmi Polres Wajo']);
  });

  it('a right name with a wrong rank (TBH 3634: the Kasat Reskrim is an AKP)', () => {
    const fakfak = new OfficialRegistry([
      entry('pejabat', 'Arif Usman Rumra', 'Polres Fakfak', { rank: 'AKP', position: 'Kasat Reskrim' }),
      entry('telepon', '0813-4400-1100', 'Polres Fakfak', { platform: 'whatsapp' }),
    ]);
    const c = fakfak.check('“IPTU Arif Usman Rumra +62 821 4129 0824”');
    expect(c.mismatched.map((m) => m.kind).sort()).toEqual(['pejabat', 'telepon']);
    expect(c.mismatched.find((m) => m.kind === 'pejabat')!.reason).toBe(
      'pangkat tidak cocok: Arif Usman Rumra terdaftar sebagai AKP (Kasat Reskrim Polres Fakfak), pesan menyebut Iptu',
    );
  });

  it('someone else in a registered position', () => {
    const c = kubuRaya.check('Pesan dari Kapolres Kubu Raya AKBP Budi Hartono: hubungi 0852 1111 2222 untuk bantuan');
    expect(c.mismatched.map((m) => m.reason)).toContain(
      'Kapolres Kubu Raya terdaftar: AKBP Wahyu Jati Wibowo (Polres Kubu Raya); pesan menyebut AKBP Budi Hartono',
    );
    // Another Polres's chief is not ours to check; our own by its short name is.
    expect(kubuRaya.check('Pesan dari Kapolres Wajo AKBP Budi Hartono').mismatched).toEqual([]);
    const beltim = new OfficialRegistry(
      [entry('pejabat', 'Indra Feri Dalimunthe', 'Polres Belitung Timur', { rank: 'AKBP', position: 'Kapolres' })],
      [{ name: 'Polres Belitung Timur', aliases: ['Polres Beltim', 'Beltim'] }],
    );
    expect(beltim.check('Pesan dari Kapolres Beltim AKBP Budi Hartono').mismatched).toHaveLength(1);
  });

  it('a look-alike handle is flagged in any text; the registered one is not', () => {
    for (const fake of ['@polres_kuburaya.official', '@polres.kuburaya', '@po1res_kuburaya', '@polres_kuburayaa', 'instagram.com/polreskuburaya_id']) {
      const c = kubuRaya.check(`Info lowongan Bintara Polri 2024, daftar lewat ${fake} sekarang`);
      expect(c.mismatched, fake).toHaveLength(1);
      expect(c.mismatched[0]!.reason).toMatch(/mirip akun resmi @polres_kuburaya \(Polres Kubu Raya\) tetapi tidak terdaftar/);
    }
    const real = kubuRaya.check('Info resmi hanya dari Instagram @polres_kuburaya');
    expect(real.mismatched).toEqual([]);
    expect(real.matched).toHaveLength(1);
  });

  it('an unregistered police-named site in a message claiming the police; Polri’s domain is always official', () => {
    const c = kubuRaya.check('Pengumuman dari Polres Kubu Raya: cek tilang Anda di polreskuburaya-etilang.com');
    expect(c.mismatched.map((m) => m.reason)).toEqual(['situs polreskuburaya-etilang.com tidak terdaftar sebagai situs resmi Polres Kubu Raya']);
    expect(kubuRaya.check('Pengumuman dari Polres Kubu Raya: baca di https://tribratanews.polri.go.id/berita').mismatched).toEqual([]);
  });

  it('genuine official messages are not flagged', () => {
    const genuine = [
      // The officer's own denial (TBH 3634 quotes it): names a fake number but does not claim to be the police.
      '“Rekan-rekan mohon ijin untuk diteruskan, ada orang yang memasang foto saya di profil WhatsApp dengan nomor 082141250524, saya pastikan itu bukan saya,” ujar Arif Usman',
      'Kapolres Kubu Raya AKBP Wahyu Jati Wibowo mengimbau masyarakat waspada terhadap akun yang mengatasnamakan dirinya. Informasi resmi hanya melalui Instagram @polres_kuburaya dan WhatsApp 0811-5730-110.\nHumas Polres Kubu Raya',
      'Salam Presisi, Humas Polres Kubu Raya. Layanan pengaduan Polres Kubu Raya: WA 0811 5730 110, situs kuburaya.kalbar.polri.go.id',
    ];
    for (const text of genuine) expect(kubuRaya.check(text).mismatched, text).toEqual([]);
    expect(
      kubuRaya
        .check(genuine[2]!)
        .matched.map((m) => m.kind)
        .sort(),
    ).toEqual(['situs', 'telepon']);
  });

  it('news that quotes a number, without claiming to be the police, is not checked for numbers', () => {
    const c = kubuRaya.check('Warga Sungai Raya melapor kehilangan motor, pemilik bisa dihubungi di 0812 3333 4444.');
    expect(c.claimsOrigin).toBe(false);
    expect(c.mismatched).toEqual([]);
  });

  it('an empty registry checks nothing', () => {
    expect(new OfficialRegistry([]).check('Pesan dari Kapolres: hubungi 0852 1111 2222')).toEqual({ claimsOrigin: false, matched: [], mismatched: [] });
  });
});
