import { InvalidInput } from '#platform';
import { decodeCursor, encodeCursor } from './list-cursor.js';

const fields = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidInput);
    return (e as InvalidInput).fields.map((x) => [x.field, x.code]);
  }
  throw new Error('no error');
};

describe('the case list cursor', () => {
  it('reads back the position it was made from, in either order', () => {
    const r = { sort: 'received' as const, receivedAt: new Date('2026-03-01T08:00:00.123Z'), caseNo: '202600000042', nextDueAt: null };
    expect(decodeCursor(encodeCursor(r), 'received')).toEqual(r);
    const d = { sort: 'deadline' as const, receivedAt: new Date('2025-12-31T16:00:00Z'), caseNo: '202500000001', nextDueAt: new Date('2026-03-09T15:59:59.999Z') };
    expect(decodeCursor(encodeCursor(d), 'deadline')).toEqual(d);
    // A case without an open clock in the deadline order: the part after those with one.
    expect(decodeCursor(encodeCursor({ ...d, nextDueAt: null }), 'deadline')).toEqual({ ...d, nextDueAt: null });
    // URL-safe as it is: no +, / or = to escape in a query string.
    expect(encodeCursor(d)).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('refuses what it did not make, and a cursor of the other order, naming the field', () => {
    const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const received = encodeCursor({ sort: 'received', receivedAt: new Date(0), caseNo: '1', nextDueAt: null });
    expect(fields(() => decodeCursor(received, 'deadline'))).toEqual([['cursor', 'CURSOR_INVALID']]);
    for (const bad of [
      '', 'abc', '!!!', 'a'.repeat(401), enc({}), enc([2, 'r', 0, '1']), enc([1, 'x', 0, '1']), enc([1, 'r', -1, '1']), enc([1, 'r', 1.5, '1']),
      enc([1, 'r', 9e15, '1']), enc([1, 'r', '0', '1']), enc([1, 'r', 0, '']), enc([1, 'r', 0, 'x'.repeat(65)]), enc([1, 'r', 0, 5]),
      enc([1, 'r', 0, '1', null]), enc([1, 'd', 0, '1']), enc([1, 'd', 0, '1', 'soon']), enc([1, '__proto__', 0, '1']),
    ]) {
      expect([bad, fields(() => decodeCursor(bad, 'received'))]).toEqual([bad, [['cursor', 'CURSOR_INVALID']]]);
      expect([bad, fields(() => decodeCursor(bad, 'deadline'))]).toEqual([bad, [['cursor', 'CURSOR_INVALID']]]);
    }
  });
});
