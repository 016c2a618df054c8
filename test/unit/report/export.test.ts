import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { defuse, formatDateTime, tidy, toCsv, toXlsx, type Sheet } from '../../../src/report/export.ts';

const TZ = 'Asia/Jakarta';
const sheet: Sheet = {
  name: 'Uji',
  columns: [{ header: 'Nomor' }, { header: 'Teks' }, { header: 'Waktu (WIB)', kind: 'datetime' }],
  rows: [
    [1, '=1+1', new Date('2026-11-16T17:30:00Z')], // 00:30 WIB on the 17th
    [2, 'koma, "kutip"\nbaris baru', null],
    [-3, '@SUM(A1)', null],
    [4, 'Polres Belitung Timur – ✓', null],
  ],
};

describe('export', () => {
  it('defuses text a spreadsheet would run as a formula, and only that', () => {
    expect(['=A1', '+62 811', '-5', '@x', '\tx', 'biasa', '', ' =A1'].map(defuse)).toEqual(["'=A1", "'+62 811", "'-5", "'@x", "'\tx", 'biasa', '', ' =A1']);
  });

  it('writes CSV with a BOM and CRLF, quotes what needs it, and times on the WIB clock day first', () => {
    const csv = toCsv(sheet, TZ);
    expect(csv.startsWith('\uFEFFNomor,Teks,Waktu (WIB)\r\n')).toBe(true);
    expect(parse(csv.slice(1))).toEqual([
      ['Nomor', 'Teks', 'Waktu (WIB)'],
      ['1', "'=1+1", '17/11/2026 00:30'],
      ['2', 'koma, "kutip"\nbaris baru', ''],
      ['-3', "'@SUM(A1)", ''],
      ['4', 'Polres Belitung Timur – ✓', ''],
    ]);
    expect(formatDateTime(new Date('2026-12-31T17:00:00Z'), 'Asia/Jayapura')).toBe('01/01/2027 02:00');
  });

  it('turns sheets into one long table, a row per number', () => {
    const t = tidy([{ name: 'Topik', columns: [{ header: 'Topik' }, { header: 'Ditandai' }, { header: 'Dipantau' }], rows: [['kesehatan', 3, 10]] }], 'x');
    expect(t.rows).toEqual([
      ['Topik', 'kesehatan', 'Ditandai', 3],
      ['Topik', 'kesehatan', 'Dipantau', 10],
    ]);
  });

  it('writes a workbook exceljs reads back: header, numbers, dates as the WIB wall clock', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await toXlsx([sheet], TZ, { creator: 'uji', title: 'uji' })) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Uji')!;
    expect(ws.getRow(1).values).toEqual([undefined, 'Nomor', 'Teks', 'Waktu (WIB)']);
    expect(ws.getCell(2, 1).value).toBe(1);
    expect(ws.getCell(2, 2).value).toBe("'=1+1");
    expect((ws.getCell(2, 3).value as Date).toISOString()).toBe('2026-11-17T00:30:00.000Z');
    expect(ws.getCell(2, 3).numFmt).toBe('dd/mm/yyyy hh:mm');
    expect(ws.getCell(3, 2).value).toBe('koma, "kutip"\nbaris baru');
  });
});
