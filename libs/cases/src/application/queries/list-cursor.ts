// The case list's keyset position (issue 15 §1: "keyset pagination where a list is deep"): the sort keys of a page's
// last case, handed to the client as an opaque string and read back as the start of the next page. An offset page
// walks every case before it (page 50,000 of 20: a million index entries per request); a position starts there.
import { InvalidInput } from '#platform';
import { fieldMessage } from '#contracts';
import type { CaseListPosition } from '../ports.js';

const VERSION = 1;
const SORTS = { r: 'received', d: 'deadline' } as const;

export function encodeCursor(p: CaseListPosition): string {
  const tag = p.sort === 'received' ? 'r' : 'd';
  const body = [VERSION, tag, p.receivedAt.getTime(), p.caseNo, ...(p.sort === 'deadline' ? [p.nextDueAt?.getTime() ?? null] : [])];
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

const bad = (message: string) => new InvalidInput([{ field: 'cursor', code: 'CURSOR_INVALID', message: fieldMessage('cursor', message) }]);
const instant = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0 && (v as number) <= 8.64e15;

/** The position a cursor names, for a list sorted `sort`; a cursor that is not one of ours, or of the other order, is a 400. */
export function decodeCursor(cursor: string, sort: CaseListPosition['sort']): CaseListPosition {
  let body: unknown;
  try {
    if (!/^[A-Za-z0-9_-]{1,400}$/.test(cursor)) throw new Error('shape');
    body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad('无效的翻页位置，请从第一页重新查询');
  }
  if (!Array.isArray(body) || body[0] !== VERSION || !Object.hasOwn(SORTS, body[1] as string)) throw bad('无效的翻页位置，请从第一页重新查询');
  const [, tag, received, caseNo, due] = body as [number, keyof typeof SORTS, unknown, unknown, unknown];
  if (SORTS[tag] !== sort) throw bad('翻页位置与排序方式不符，请从第一页重新查询');
  const ok = instant(received) && typeof caseNo === 'string' && caseNo.length > 0 && caseNo.length <= 64
    && (tag === 'r' ? body.length === 4 : body.length === 5 && (due === null || instant(due)));
  if (!ok) throw bad('无效的翻页位置，请从第一页重新查询');
  return { sort, receivedAt: new Date(received), caseNo, nextDueAt: tag === 'd' && due !== null ? new Date(due as number) : null };
}
