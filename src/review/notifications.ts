import type { NewNotification } from '../db/notifications.repo.ts';
import type { Actor } from './roles.ts';

/**
 * Who is told what on the desk (sql/0016). Pure: the services that make a change call these inside
 * their transaction and store what they return. Nobody is told of their own doing.
 */

/** A case given to an analyst other than the one assigning it: that analyst is told. */
export function assignmentNotices(
  actor: Actor,
  before: { assignee_id: number | null } | undefined,
  after: { id: number; title: string; assignee_id: number | null },
): NewNotification[] {
  const to = after.assignee_id;
  if (to === null || to === actor.id || to === before?.assignee_id) return [];
  return [{ user_id: to, kind: 'case_assigned', actor_id: actor.id, case_id: after.id, clarification_id: null, title: after.title, comment: null }];
}

/** Pimpinan's decision on a clarification: everyone who wrote its text (the drafter and each editor) is told. */
export function decisionNotices(
  actor: Actor,
  c: { id: number; case_id: number; case_title: string; author_id: number },
  writers: readonly number[],
  decision: 'approve' | 'return',
  comment: string | null,
): NewNotification[] {
  const to = [...new Set([c.author_id, ...writers])].filter((id) => id !== actor.id);
  return to.map((userId) => ({
    user_id: userId,
    kind: decision === 'approve' ? 'clarification_approved' : 'clarification_returned',
    actor_id: actor.id,
    case_id: c.case_id,
    clarification_id: c.id,
    title: c.case_title.slice(0, 500),
    comment: comment?.slice(0, 2000) ?? null,
  }));
}
