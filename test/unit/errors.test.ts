import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { describeIssues } from '../../src/errors.ts';

describe('describeIssues', () => {
  const schema = z.strictObject({ url: z.url(), nested: z.object({ n: z.number() }) });
  const error = schema.safeParse({ url: 'x', nested: { n: 'y' }, extra: 1 }).error!;

  it('names each field, under a prefix when given', () => {
    expect(describeIssues(error)).toMatch(/^url: .*; nested\.n: .*; Unrecognized key: "extra"$/);
    expect(describeIssues(error, 'config')).toMatch(/^config\.url: .*; config\.nested\.n: .*; config: Unrecognized key: "extra"$/);
  });

  it('writes CLI options as --name and leaves whole-input messages bare', () => {
    expect(describeIssues(error, '--')).toMatch(/^--url: .*; --nested\.n: .*; Unrecognized key: "extra"$/);
  });
});
