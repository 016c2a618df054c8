import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DeskError } from '../../../src/errors.ts';
import { localPath } from '../../../src/web/respond.ts';
import { findNul, parseClean } from '../../../src/web/validate.ts';

describe('validate', () => {
  it('finds NUL in nested input and names the field', () => {
    expect(findNul({ a: 'ok', roles: ['analis', 'hu\u0000mas'] })).toBe('roles.1');
    expect(findNul({ a: { b: 'x\u0000' } })).toBe('a.b');
    expect(findNul('\u0000')).toBe('isian');
    expect(findNul({ a: 'ok', n: 3, b: null })).toBeNull();
  });

  it('refuses NUL before the schema and parses clean input', () => {
    const schema = z.object({ q: z.string().max(5) });
    expect(parseClean(schema, { q: 'razia' })).toEqual({ q: 'razia' });
    const err = (() => {
      try {
        parseClean(schema, { q: 'r\u0000' });
      } catch (e) {
        return e;
      }
    })() as DeskError;
    expect(err).toBeInstanceOf(DeskError);
    expect(err.status).toBe(400);
    expect(err.message).toBe('Isian tidak sah: q: berisi karakter NUL (kode 0) yang tidak dapat disimpan; hapus karakter itu lalu kirim lagi.');
  });
});

describe('localPath', () => {
  it('keeps paths on this site and refuses ones a browser reads as another host', () => {
    expect(localPath('/cases/1?x=1')).toBe('/cases/1?x=1');
    for (const p of ['//evil.example/x', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)', '/a b', '', undefined])
      expect(localPath(p), String(p)).toBe('/');
    expect(localPath('//evil.example', '/queue')).toBe('/queue');
  });
});
