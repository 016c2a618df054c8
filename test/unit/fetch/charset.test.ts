import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeBody } from '../../../src/fetch/charset.ts';
import { fixture } from '../../helpers/paths.ts';

describe('decodeBody', () => {
  it('decodes windows-1252 bytes served without a charset', () => {
    const bytes = Buffer.from([0x93, ...Buffer.from('Hoaks'), 0x94, 0x20, 0x96, 0x20, ...Buffer.from('Polres Beltim')]);
    expect(decodeBody(bytes, 'text/html')).toEqual({ text: '\u201cHoaks\u201d \u2013 Polres Beltim', charset: 'windows-1252' });
  });

  it('follows the Content-Type charset, then the XML declaration', () => {
    const latin1 = Buffer.from('Kapolres menyampaikan: café', 'latin1');
    expect(decodeBody(latin1, 'text/html; charset=ISO-8859-1').text).toBe('Kapolres menyampaikan: café');
    const xml = Buffer.concat([Buffer.from('<?xml version="1.0" encoding="iso-8859-1"?><a>'), Buffer.from('é', 'latin1'), Buffer.from('</a>')]);
    expect(decodeBody(xml).text).toBe('<?xml version="1.0" encoding="iso-8859-1"?><a>é</a>');
  });

  it('falls back when a page claims UTF-8 but is not', () => {
    expect(decodeBody(Buffer.from('caf\xe9', 'latin1'), 'text/html; charset=utf-8').text).toBe('café');
  });

  it('honours a byte-order mark and drops it', () => {
    expect(decodeBody(Buffer.from('\ufeffhalo', 'utf8')).text).toBe('halo');
  });

  it('decodes the feedparser corpus koi8-r feed by its XML declaration', () => {
    const { text, charset } = decodeBody(fs.readFileSync(fixture('feedparser-corpus/illformed-2010/encoding/x80_koi8-r.xml')));
    expect(charset).toBe('koi8-r');
    expect(text).not.toContain('\ufffd');
  });
});
