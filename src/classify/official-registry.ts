import { createRequire } from 'node:module';
import type { RegistryKind } from '../vocabulary.ts';
import { canonicalRank, RANK_SPELLINGS } from './police-ranks.ts';

/**
 * The official-accounts registry, and the check of a text against it. Pure: entries come from the
 * database (official_accounts), the check reads only the text.
 *
 * A message that claims to come from the police ("Humas Polres …", "saya Kapolres …", a signature)
 * is held against the registry: every number, handle, website and named officer in it must be there,
 * and an officer with the rank and position the registry gives. A handle or website that only
 * resembles a registered one (@polres_beltim.id beside @polresbeltim) is flagged in any text.
 */

/** What the registry says of an item's author or sender (police-triage.ts reads it). */
export interface SpeakerCheck {
  status: 'registered' | 'lookalike' | 'unregistered';
  /** Indonesian, shown to analysts: "dari akun resmi @polresbeltim (Polres Belitung Timur)". */
  reason: string;
}

export interface RegistryEntry {
  kind: RegistryKind;
  /** akun: x, instagram, facebook, tiktok, youtube, telegram, threads; telepon: telepon, whatsapp */
  platform?: string | null;
  /** Normalised by normaliseRegistryValue. */
  value: string;
  unit: string;
  rank?: string | null;
  position?: string | null;
}

export interface RegistryFinding {
  kind: RegistryKind;
  /** As written in the text. */
  found: string;
  /** Indonesian, shown to analysts. */
  reason: string;
}

export interface RegistryCheck {
  /** The text presents itself as coming from the police. */
  claimsOrigin: boolean;
  matched: RegistryFinding[];
  mismatched: RegistryFinding[];
}

export { REGISTRY_KIND_LABEL, REGISTRY_KINDS } from '../vocabulary.ts';
export const ACCOUNT_PLATFORMS = ['x', 'instagram', 'facebook', 'tiktok', 'youtube', 'telegram', 'threads'] as const;
export const PHONE_PLATFORMS = ['telepon', 'whatsapp'] as const;

export class RegistryValueError extends Error {}

const require = createRequire(import.meta.url);
// natural's CommonJS module directly: importing the whole package costs ~1 s.
const { DamerauLevenshteinDistance: editDistance } = require('natural/lib/natural/distance/levenshtein_distance.js') as {
  DamerauLevenshteinDistance(a: string, b: string): number;
};

/** The stored form of an identifier; throws RegistryValueError naming what is wrong with it. */
export function normaliseRegistryValue(kind: RegistryKind, raw: string): string {
  const v = raw.trim();
  switch (kind) {
    case 'akun': {
      const h = handleOf(v);
      if (!h) throw new RegistryValueError(`"${raw}" bukan nama akun: tulis @nama atau tautan profilnya (huruf, angka, titik, garis bawah; 2–30).`);
      return h;
    }
    case 'situs': {
      const host = v
        .replace(/^https?:\/\//i, '')
        .split(/[/?#]/)[0]!
        .toLowerCase()
        .replace(/^www\./, '');
      if (!/^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$/.test(host))
        throw new RegistryValueError(`"${raw}" bukan nama situs, mis. polresbeltim.com atau tribratanews.babel.polri.go.id.`);
      return host;
    }
    case 'telepon': {
      const digits = v.replace(/[\s().-]/g, '');
      if (/^\d{3,5}$/.test(digits)) return digits; // 110, 112, call centre short codes
      const n = phoneDigits(digits);
      if (!n) throw new RegistryValueError(`"${raw}" bukan nomor telepon Indonesia (mis. 0812-3456-7890, +62 812 3456 7890 atau 110).`);
      return n;
    }
    case 'pejabat': {
      const name = v.replace(/\s+/g, ' ');
      if (!/\p{L}{2}/u.test(name) || name.length > 200) throw new RegistryValueError(`"${raw}" bukan nama orang.`);
      return name;
    }
  }
}

/** 08…, +628…, 628… → 628…; null when it is not an Indonesian mobile or landline number. */
function phoneDigits(s: string): string | null {
  const d = s.replace(/^\+/, '');
  const n = d.startsWith('62') ? d : d.startsWith('0') ? `62${d.slice(1)}` : null;
  return n && /^62[1-9]\d{7,12}$/.test(n) ? n : null;
}

function handleOf(s: string): string | null {
  const fromUrl =
    /^(?:https?:\/\/)?(?:www\.|m\.|mobile\.)?(?:x|twitter|instagram|facebook|fb|tiktok|youtube|t|threads)\.(?:com|me|net)\/@?([a-z0-9_.]{2,30})/i.exec(s);
  const h = (fromUrl?.[1] ?? s.replace(/^@/, '')).toLowerCase();
  return /^[a-z0-9_.]{2,30}$/.test(h) ? h : null;
}

/** A handle with look-alike characters and filler folded away: "polres_beltim.official" ≈ "polresbeltim". */
function skeleton(handle: string): string {
  return handle
    .toLowerCase()
    .replace(/[._-]/g, '')
    .replace(/(official|offical|resmi|asli|real|new|baru|update|info)$/, '')
    .replace(/^(official|resmi|real|the)/, '')
    .replace(/(id|ri|indonesia)$/, '')
    .replace(/rn/g, 'm')
    .replace(/vv/g, 'w')
    .replace(/[0134579]/g, (c) => ({ '0': 'o', '1': 'l', '3': 'e', '4': 'a', '5': 's', '7': 't', '9': 'g' })[c]!)
    .replace(/i/g, 'l');
}

/** Close enough to be mistaken for the registered one, and not the same. */
function looksAlike(found: string, registered: string): boolean {
  if (found === registered) return false;
  const a = skeleton(found),
    b = registeredSkeleton(registered);
  if (a === b) return true;
  if (Math.min(a.length, b.length) < 6) return false;
  const limit = b.length >= 10 ? 2 : 1;
  // Each edit (unit costs) changes the length by at most one: a wider gap is no look-alike, without the costly distance.
  return Math.abs(a.length - b.length) <= limit && editDistance(a, b) <= limit;
}

/** skeleton() of the registry's values, each compared with every handle and site a text names. Bounded: emptied when full. */
const registeredSkeletons = new Map<string, string>();
function registeredSkeleton(value: string): string {
  let s = registeredSkeletons.get(value);
  if (s === undefined) {
    if (registeredSkeletons.size >= 10_000) registeredSkeletons.clear();
    registeredSkeletons.set(value, (s = skeleton(value)));
  }
  return s;
}

const POLICE_ISH = /pol(?:ri|da|res|sek|isi)|humas|lantas|reskrim|bhabin|tribrata|presisi/i;

// What makes a text present itself as coming from the police. Read on lower-cased text.
const UNIT = String.raw`(?:polres\w*|polsek\w*|polda|polri|kepolisian|sat\s?lantas|sat\s?reskrim|humas)`;
const CHIEF = String.raw`(?:kapolres\w*|wakapolres\w*|kapolsek\w*|kapolda|kapolri|kasat\s?\w+|kanit\s?\w+|kasi\s?humas|kasubsi\s?\w+|kabag\s?\w+|kabid\s?humas|bhabinkamtibmas)`;
const RANK_ALT = RANK_SPELLINGS.map((r) => r.replace(/\s+/g, String.raw`\s+`)).join('|');
const ORIGIN: readonly RegExp[] = [
  new RegExp(
    String.raw`\b(?:saya|kami|sy)\s+(?:adalah\s+|dari\s+|selaku\s+)?(?:bapak\s+|ibu\s+|pak\s+)?(?:${CHIEF}|anggota\s+${UNIT}|pihak\s+${UNIT}|admin\s+${UNIT}|${UNIT})\b`,
  ),
  new RegExp(String.raw`\b(?:hormat\s+kami|salam\s+presisi|tertanda|ttd\.?|a\.\s?n\.?|an\.|atas\s+nama)\s*[,:]?\s*(?:${CHIEF}|${UNIT})`),
  new RegExp(
    String.raw`\b(?:pesan|himbauan|imbauan|pengumuman|informasi|info|surat|edaran|pemberitahuan|siaran\s+pers|rilis)\s+(?:resmi\s+)?(?:dari\s+)?(?:${CHIEF}|${UNIT})`,
  ),
  new RegExp(String.raw`\b(?:nomor|no\.?|akun|wa|whatsapp|kontak|hp)\s+(?:resmi|baru|pribadi)\s+(?:saya|${CHIEF}|${UNIT})`),
  new RegExp(String.raw`\b(?:hubungi|call\s?cent(?:er|re)|hotline|layanan\s+pengaduan)\b[^.\n]{0,40}\b(?:${CHIEF}|${UNIT})`),
  // A signature: the last line is the unit or its chief (a news headline starting "Kapolri …" is not).
  new RegExp(String.raw`\n\s*(?:${CHIEF}|humas\s+${UNIT}|${UNIT})[^\n]{0,60}\s*$`),
  // A chief's title or a rank with a personal number: a contact card ("Fatchur Rochman kapolres wajo 0822…").
  new RegExp(String.raw`\b(?:${CHIEF}|${RANK_ALT})\b[^.\n]{0,50}?(?:\+62|\b62|\b0)[\s.-]?8\d`, 'u'),
  // How a caller introduces themself in chat: "Pagi pak, dengan AKBP Reja…", "ini Kapolsek…".
  new RegExp(String.raw`\b(?:dengan|dg|dgn|ini)\s+(?:bapak\s+|pak\s+|ibu\s+)?(?:${CHIEF}|${RANK_ALT})\b\.?`, 'u'),
  // A police document: a summons, a warrant, a ticket, a letter in the unit's name.
  new RegExp(
    String.raw`\b(?:surat\s+(?:panggilan|perintah|tugas|tilang|undangan|permohonan|keterangan)|sprindik|sp2hp)\b[^\n]{0,60}\b(?:${CHIEF}|${UNIT})`,
    'u',
  ),
  new RegExp(
    String.raw`\bdengan\s+hormat\b[\s\S]{0,300}\b(?:${CHIEF}|${UNIT})\b|\b(?:${CHIEF}|${UNIT})\b[\s\S]{0,300}\bdemikian\s+(?:permohonan|pemberitahuan|surat)\b`,
    'u',
  ),
];

const PHONE = /(?<![\d+])(?:\+62|62|0)[\s.-]?8\d{1,3}(?:[\s.-]?\d{2,5}){2,3}(?!\d)|wa\.me\/(\d{9,15})/gi;
const HANDLE = /(?<![\w.@/])@([a-z0-9_.]{3,30})(?<!\.)/gi;
const PROFILE_URL = /\b(?:https?:\/\/)?(?:www\.|m\.)?(x|twitter|instagram|facebook|fb|tiktok|youtube|threads)\.com\/@?([a-z0-9_.]{3,30})/gi;
const DOMAIN = /\b(?:https?:\/\/)?((?:[a-z0-9-]+\.)+(?:go\.id|co\.id|or\.id|web\.id|my\.id|com|id|net|org|info|xyz|site|online|top|link))(?![\w.-]*@)\b/gi;
const SOCIAL_HOSTS = /^(?:www\.|m\.)?(?:x|twitter|instagram|facebook|fb|tiktok|youtube|threads|t|wa)\.(?:com|me)$/;
const RANK_RE = new RegExp(String.raw`\b(${RANK_SPELLINGS.map((s) => s.replace(/\s+/g, String.raw`\.?\s+`)).join('|')})\.?\s+`, 'giu');
// A person's name after a rank: capitalised words ("Budi Santoso, S.I.K."), or all caps.
const NAME_AFTER = /((?:\p{Lu}[\p{L}'’-]*\.?\s?){1,4})/uy;
const POSITION_BEFORE = new RegExp(String.raw`(${CHIEF})\s+([\p{L}\s]{0,40}?)[,\s]*$`, 'iu');
const NOT_NAME = new Set(['pol', 'polisi', 'dan', 'di', 'yang', 'selaku', 'sebagai']);

interface Officer {
  rank: string;
  name: string;
  position: string | null;
  written: string;
}

/** Lower-case name tokens without academic titles and punctuation, for comparing names. */
function nameTokens(name: string): string[] {
  return name
    .toLowerCase()
    .replace(/,.*$/, '')
    .split(/[\s.]+/)
    .filter((t) => t.length > 1 && !NOT_NAME.has(t) && !/^(s|m|dr|ir|h|hj)$/.test(t));
}

/** The same person: every token of the shorter name is in the longer (a first name alone is too weak). */
function sameName(a: string, b: string): boolean {
  const x = nameTokens(a),
    y = nameTokens(b);
  if (!x.length || !y.length) return false;
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  if (short.length === 1 && long.length > 1) return false;
  return short.every((t) => long.some((u) => u === t || (t.length >= 5 && editDistance(t, u) <= 1)));
}

export class OfficialRegistry {
  private readonly phones = new Map<string, RegistryEntry>();
  private readonly handles = new Map<string, RegistryEntry>();
  private readonly sites = new Map<string, RegistryEntry>();
  private readonly officers: RegistryEntry[] = [];

  private readonly aliases: Map<string, readonly string[]>;

  /** `units`: the pipeline's own units and their other names (area.units), for "Kapolres Beltim". */
  constructor(
    readonly entries: readonly RegistryEntry[],
    units: ReadonlyArray<{ name: string; aliases?: readonly string[] }> = [],
  ) {
    this.aliases = new Map(units.map((u) => [u.name, u.aliases ?? []]));
    for (const e of entries) {
      if (e.kind === 'telepon') this.phones.set(e.value, e);
      else if (e.kind === 'akun') this.handles.set(e.value, e);
      else if (e.kind === 'situs') this.sites.set(e.value, e);
      else this.officers.push(e);
    }
  }

  get size(): number {
    return this.entries.length;
  }

  check(text: string): RegistryCheck {
    const out: RegistryCheck = { claimsOrigin: false, matched: [], mismatched: [] };
    if (!this.entries.length) return out;
    const lower = text.toLowerCase();
    out.claimsOrigin = ORIGIN.some((re) => re.test(lower));
    this.checkPhones(text, out);
    this.checkHandles(text, out);
    this.checkSites(text, out);
    if (out.claimsOrigin) this.checkOfficers(text, out);
    return out;
  }

  /**
   * Who sent or posted an item, from its author field (a handle, a profile link or a phone number):
   * registered, built to look like a registered account, or neither. Null when the author is no
   * handle or number at all (a display name), or names nothing police-like and nothing registered.
   */
  speaker(author: string): SpeakerCheck | null {
    const a = author.trim();
    const phone = phoneDigits(a.replace(/[\s().-]/g, ''));
    if (phone) {
      const e = this.phones.get(phone);
      return e
        ? { status: 'registered', reason: `dari nomor resmi ${describe(e)}` }
        : { status: 'unregistered', reason: `pengirim ${a} tidak terdaftar di registri akun resmi` };
    }
    const h = handleOf(a);
    if (!h) return null;
    const e = this.handles.get(h);
    if (e) return { status: 'registered', reason: `dari akun resmi @${h} (${e.unit})` };
    const like = [...this.handles.values()].find((r) => looksAlike(h, r.value));
    if (like) return { status: 'lookalike', reason: `pengirim @${h} mirip akun resmi @${like.value} (${like.unit}) tetapi tidak terdaftar` };
    return POLICE_ISH.test(h)
      ? { status: 'unregistered', reason: `pengirim @${h} memakai nama kepolisian tetapi tidak terdaftar di registri akun resmi` }
      : null;
  }

  private checkPhones(text: string, out: RegistryCheck): void {
    const seen = new Set<string>();
    for (const m of text.matchAll(PHONE)) {
      const n = phoneDigits(m[1] ?? m[0].replace(/[\s.-]/g, ''));
      if (!n || seen.has(n)) continue;
      seen.add(n);
      const e = this.phones.get(n);
      if (e) out.matched.push({ kind: 'telepon', found: m[0], reason: `nomor ${m[0]} terdaftar: ${describe(e)}` });
      else if (out.claimsOrigin)
        out.mismatched.push({ kind: 'telepon', found: m[0], reason: `nomor ${m[0]} tidak terdaftar sebagai nomor resmi ${this.unitsOf('telepon')}` });
    }
  }

  private checkHandles(text: string, out: RegistryCheck): void {
    const found = new Map<string, string>();
    for (const m of text.matchAll(HANDLE)) found.set(m[1]!.toLowerCase(), m[0]);
    for (const m of text.matchAll(PROFILE_URL)) found.set(m[2]!.toLowerCase(), m[0]);
    for (const [h, written] of found) {
      const e = this.handles.get(h);
      if (e) {
        out.matched.push({ kind: 'akun', found: written, reason: `akun ${written} terdaftar: ${describe(e)}` });
        continue;
      }
      const like = [...this.handles.values()].find((r) => looksAlike(h, r.value));
      if (like)
        out.mismatched.push({ kind: 'akun', found: written, reason: `akun ${written} mirip akun resmi @${like.value} (${like.unit}) tetapi tidak terdaftar` });
      else if (out.claimsOrigin && POLICE_ISH.test(h))
        out.mismatched.push({ kind: 'akun', found: written, reason: `akun ${written} tidak terdaftar sebagai akun resmi ${this.unitsOf('akun')}` });
    }
  }

  private checkSites(text: string, out: RegistryCheck): void {
    const seen = new Set<string>();
    for (const m of text.matchAll(DOMAIN)) {
      const host = m[1]!.toLowerCase().replace(/^www\./, '');
      if (seen.has(host) || SOCIAL_HOSTS.test(host)) continue;
      seen.add(host);
      const e = [...this.sites.values()].find((s) => host === s.value || host.endsWith(`.${s.value}`));
      if (e) {
        out.matched.push({ kind: 'situs', found: host, reason: `situs ${host} terdaftar: ${describe(e)}` });
        continue;
      }
      // Polri's own domain is official whatever the registry holds.
      if (host === 'polri.go.id' || host.endsWith('.polri.go.id')) continue;
      const like = [...this.sites.values()].find(
        (s) =>
          looksAlike(host.replace(/\.[a-z.]+$/, ''), s.value.replace(/\.[a-z.]+$/, '')) ||
          (host !== s.value && host.replace(/\.[a-z.]+$/, '') === s.value.replace(/\.[a-z.]+$/, '')),
      );
      if (like)
        out.mismatched.push({ kind: 'situs', found: host, reason: `situs ${host} mirip situs resmi ${like.value} (${like.unit}) tetapi tidak terdaftar` });
      else if (out.claimsOrigin && POLICE_ISH.test(host))
        out.mismatched.push({ kind: 'situs', found: host, reason: `situs ${host} tidak terdaftar sebagai situs resmi ${this.unitsOf('situs')}` });
    }
  }

  private checkOfficers(text: string, out: RegistryCheck): void {
    for (const o of officersIn(text)) {
      const person = this.officers.find((e) => sameName(e.value, o.name));
      if (person) {
        const rank = person.rank ? (canonicalRank(person.rank) ?? person.rank) : null;
        if (rank && rank !== o.rank) {
          out.mismatched.push({
            kind: 'pejabat',
            found: o.written,
            reason: `pangkat tidak cocok: ${person.value} terdaftar sebagai ${person.rank}${person.position ? ` (${person.position} ${person.unit})` : ` (${person.unit})`}, pesan menyebut ${o.rank}`,
          });
        } else if (o.position && person.position && !samePosition(o.position, person.position)) {
          out.mismatched.push({
            kind: 'pejabat',
            found: o.written,
            reason: `jabatan tidak cocok: ${person.value} terdaftar sebagai ${person.position} ${person.unit}, pesan menyebut ${o.position}`,
          });
        } else {
          out.matched.push({ kind: 'pejabat', found: o.written, reason: `${o.written} terdaftar: ${describe(person)}` });
        }
        continue;
      }
      // Not a registered person, but in a registered position: someone else holds it.
      const holder = o.position ? this.officers.find((e) => e.position && samePosition(o.position!, e.position) && this.samePlace(o.position!, e)) : undefined;
      if (holder)
        out.mismatched.push({
          kind: 'pejabat',
          found: o.written,
          reason: `${o.position} terdaftar: ${holder.rank ? `${holder.rank} ` : ''}${holder.value} (${holder.unit}); pesan menyebut ${o.rank} ${o.name}`,
        });
    }
  }

  /** "Kapolres Kubu Raya" is about the holder's unit; "Kapolres Wajo" is not; "Kapolres" alone may be. */
  private samePlace(written: string, holder: RegistryEntry): boolean {
    const title = new Set(holder.position!.toLowerCase().split(/\s+/));
    const place = written
      .toLowerCase()
      .split(/\s+/)
      .filter((t) => !title.has(t) && !/^(ka|waka)?(polres\w*|polsek\w*|polda)$/.test(t));
    if (!place.length) return true;
    const names = [holder.unit, ...(this.aliases.get(holder.unit) ?? [])].map((n) => n.toLowerCase().split(/\s+/));
    return names.some((n) => place.every((t) => n.includes(t)));
  }

  private unitsOf(kind: RegistryKind): string {
    const units = [...new Set(this.entries.filter((e) => e.kind === kind).map((e) => e.unit))];
    return units.length ? units.slice(0, 3).join(', ') : [...new Set(this.entries.map((e) => e.unit))].slice(0, 3).join(', ');
  }
}

/** "Kapolres" = "kapolres beltim"; "Kasi Humas" = "kasihumas". Compares the title word(s) only. */
function samePosition(a: string, b: string): boolean {
  const head = (s: string) =>
    s
      .toLowerCase()
      .replace(/\s+/g, '')
      .replace(/^(waka|ka)(polres\w*|polsek\w*|polda)$/, '$1$2')
      .replace(/(polres|polsek|polda)\w*$/, '$1');
  return head(a.split(/\s+(?=[A-Z])/)[0]!) === head(b.split(/\s+(?=[A-Z])/)[0]!) || head(a).startsWith(head(b)) || head(b).startsWith(head(a));
}

/** Officers named with a rank ("Kapolres Beltim AKBP Budi Santoso"), with the position written before it. */
export function officersIn(text: string): Officer[] {
  const out: Officer[] = [];
  for (const m of text.matchAll(RANK_RE)) {
    const rank = canonicalRank(m[1]!.replace(/\.?\s+/g, ' '));
    if (!rank) continue;
    NAME_AFTER.lastIndex = m.index + m[0].length;
    const n = NAME_AFTER.exec(text);
    const name = n?.[1]?.trim().replace(/[.,]$/, '');
    if (!name || !nameTokens(name).length) continue;
    const before = POSITION_BEFORE.exec(text.slice(Math.max(0, m.index - 60), m.index));
    const position = before ? `${before[1]!} ${before[2]!}`.trim().replace(/\s+/g, ' ') : null;
    out.push({
      rank,
      name,
      position: position ? capitaliseWords(position) : null,
      written: text.slice(before ? m.index - before[0].length + before[0].indexOf(before[1]!) : m.index, m.index + m[0].length + n![0].trimEnd().length).trim(),
    });
  }
  return out;
}

function capitaliseWords(s: string): string {
  return s.replace(/\b\p{L}/gu, (c) => c.toUpperCase());
}

function describe(e: RegistryEntry): string {
  if (e.kind === 'pejabat') return `${e.rank ? `${e.rank} ` : ''}${e.value}${e.position ? `, ${e.position}` : ''} ${e.unit}`;
  return `${e.platform ? `${e.platform} ` : ''}${e.unit}`;
}
