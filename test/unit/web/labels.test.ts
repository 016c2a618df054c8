import { describe, expect, it } from 'vitest';
import { scheduleInWords } from '../../../src/web/views/labels.ts';

describe('scheduleInWords', () => {
  it('says a pipeline schedule in Indonesian, on the 24-hour clock', () => {
    expect(scheduleInWords('*/10 * * * *')).toBe('Setiap 10 menit');
    expect(scheduleInWords('0 * * * *')).toBe('Setiap jam');
    expect(scheduleInWords('0 6 * * 1')).toBe('Pada 06:00, hanya pada Senin');
    expect(scheduleInWords('30 */3 * * *')).toMatch(/setiap 3 jam/);
  });

  it('shows an expression it cannot read as it is', () => {
    expect(scheduleInWords('bukan cron')).toBe('bukan cron');
  });
});
