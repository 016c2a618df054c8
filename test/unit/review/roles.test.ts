import { describe, expect, it } from 'vitest';
import { can, requireRole } from '../../../src/review/roles.ts';

describe('roles', () => {
  it('gives each role its own actions and pimpinan only decisions and reports', () => {
    const table = (['analis', 'humas', 'pimpinan', 'admin'] as const).map((r) => [
      r,
      (['case.triage', 'case.note', 'clarification.write', 'clarification.decide', 'user.manage', 'source.manage', 'report.generate'] as const).filter((a) =>
        can({ roles: [r] }, a),
      ),
    ]);
    expect(Object.fromEntries(table)).toEqual({
      analis: ['case.triage', 'case.note'],
      humas: ['case.note', 'clarification.write', 'report.generate'],
      pimpinan: ['clarification.decide', 'report.generate'],
      admin: ['user.manage', 'source.manage', 'report.generate'],
    });
    expect(can({ roles: ['humas', 'pimpinan'] }, 'clarification.decide')).toBe(true);
    expect(() => requireRole({ roles: ['humas'] }, 'case.triage')).toThrow('Tindakan ini hanya untuk peran Analis patroli siber.');
  });
});
