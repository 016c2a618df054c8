import { describe, expect, it } from 'vitest';
import { assignmentNotices, decisionNotices } from '../../../src/review/notifications.ts';
import type { Actor } from '../../../src/review/roles.ts';

const rina: Actor = { id: 1, username: 'rina', display_name: 'Bripka Rina', roles: ['analis'] };
const kasi: Actor = { id: 4, username: 'kasi', display_name: 'AKP Kasi', roles: ['pimpinan'] };
const kase = { id: 7, title: 'Penculikan anak di Manggar' };

describe('assignmentNotices', () => {
  it('tells the new assignee, and nobody when the assignee is unchanged, cleared or the assigner', () => {
    expect(assignmentNotices(rina, { assignee_id: null }, { ...kase, assignee_id: 2 })).toEqual([
      { user_id: 2, kind: 'case_assigned', actor_id: 1, case_id: 7, clarification_id: null, title: kase.title, comment: null },
    ]);
    expect(assignmentNotices(rina, { assignee_id: 2 }, { ...kase, assignee_id: 2 })).toEqual([]);
    expect(assignmentNotices(rina, { assignee_id: 2 }, { ...kase, assignee_id: null })).toEqual([]);
    expect(assignmentNotices(rina, { assignee_id: null }, { ...kase, assignee_id: rina.id })).toEqual([]);
  });
});

describe('decisionNotices', () => {
  const c = { id: 3, case_id: 7, case_title: kase.title, author_id: 5 };
  it('tells the drafter and every editor once each, with the reason of a return', () => {
    const out = decisionNotices(kasi, c, [5, 6, 5], 'return', 'Sebutkan sumbernya.');
    expect(out.map((n) => [n.user_id, n.kind, n.comment])).toEqual([
      [5, 'clarification_returned', 'Sebutkan sumbernya.'],
      [6, 'clarification_returned', 'Sebutkan sumbernya.'],
    ]);
    expect(decisionNotices(kasi, c, [5], 'approve', null)).toMatchObject([{ user_id: 5, kind: 'clarification_approved', clarification_id: 3, case_id: 7 }]);
  });
  it('never tells the decider of their own decision', () => {
    expect(decisionNotices(kasi, c, [5, kasi.id], 'approve', null).map((n) => n.user_id)).toEqual([5]);
  });
});
