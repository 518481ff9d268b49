// Issue 15 §1: keyset pagination of the case list (GET /cases): a full page hands out nextCursor, cursor=nextCursor
// gives the page after it in the same order at any depth; page numbers reach only as far as the count.
import { CASE_COUNT_CAP, CASE_SEARCH_COUNT_CAP } from '../../libs/cases/src/application/ports.js';
import { complaintBody } from '#testing';
import { harnessFile } from '../support/harness.js';

const h = harnessFile({}, 120_000);
const http = () => h.http();
const as = (u: string) => h.as(u);

type ListPage = { items: { id: string; caseNo: string; assignedUnit: { code: string } | null }[]; total: number; nextCursor?: string };
async function list(user: string, query: string, status = 200): Promise<ListPage & { fields?: { field: string; code: string; message: string }[] }> {
  return (await http().get(`/api/v1/cases?${query}`).set('Authorization', await as(user)).expect(status)).body;
}
/** Every page of a list followed by its nextCursor, and the totals the pages gave. */
async function walk(user: string, query: string, pageSize: number): Promise<{ ids: string[]; totals: Set<number>; pages: number }> {
  const ids: string[] = [];
  const totals = new Set<number>();
  let cursor: string | undefined;
  for (let pages = 1; ; pages++) {
    if (pages > 100) throw new Error(`${query}: still a nextCursor after 100 pages`);
    const p = await list(user, `${query}&pageSize=${pageSize}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    ids.push(...p.items.map((c) => c.id));
    totals.add(p.total);
    expect(p.items.length).toBeLessThanOrEqual(pageSize);
    // A cursor only when the page is full.
    if (p.nextCursor) expect(p.items).toHaveLength(pageSize);
    if (!p.nextCursor) return { ids, totals, pages };
    cursor = p.nextCursor;
  }
}

beforeAll(async () => {
  const now = h.clock.now().getTime();
  // 13 cases for 武陵区 (wl) and 8 for 鼎城区 (dc), received a minute apart with pairs received at the same instant
  // (the order then goes by case number).
  for (let i = 0; i < 21; i++) {
    const receivedAt = new Date(now - Math.floor(i / 2) * 60_000).toISOString();
    const dc = i % 8 === 3 || i % 8 === 6;
    const respondent = dc ? { ...(complaintBody().respondent as object), regionCode: '430703', address: '常德市鼎城区武陵镇建设路1号' } : complaintBody().respondent;
    await http().post('/api/v1/cases').set('Authorization', await as('operator')).send(complaintBody({ receivedAt, respondent })).expect(201);
  }
}, 120_000);

describe('GET /cases by cursor', () => {
  it('walks every list, in either order, to the same cases as one long page — each total the whole list’s', async () => {
    for (const [user, query] of [
      ['operator', 'sort=received'], ['operator', 'sort=deadline'], ['operator', 'status=dispatched&sort=deadline'],
      ['handler.wl', 'sort=received'], ['handler.wl', 'sort=deadline'], ['operator', 'q=2026&sort=received'],
    ] as const) {
      const whole = await list(user, `${query}&pageSize=200`);
      expect(whole.items.length).toBeGreaterThan(5);
      expect(whole.nextCursor).toBeUndefined();
      for (const size of [1, 4, 7]) {
        const w = await walk(user, query, size);
        expect([user, query, size, w.ids]).toEqual([user, query, size, whole.items.map((c) => c.id)]);
        expect([...w.totals]).toEqual([whole.total]);
        // A page exactly full at the end still names a cursor (more may follow); the page after it is empty.
        expect(w.pages).toBe(Math.floor(whole.items.length / size) + 1);
      }
    }
  });

  it('a cursor places a page, it does not widen what the user sees: another unit’s cursor gives only one’s own cases', async () => {
    const all = await list('operator', 'sort=received&pageSize=200');
    const own = await list('handler.wl', 'sort=received&pageSize=200');
    expect(own.items.every((c) => c.assignedUnit?.code === 'wl')).toBe(true);
    expect(all.items.some((c) => c.assignedUnit?.code === 'dc')).toBe(true);
    // The operator's first two cases as a cursor, taken by wl's handler.
    const cursor = (await list('operator', 'sort=received&pageSize=2')).nextCursor!;
    const next = await list('handler.wl', `sort=received&pageSize=200&cursor=${cursor}`);
    const after = all.items.slice(2).filter((c) => c.assignedUnit?.code === 'wl').map((c) => c.id);
    expect(next.items.map((c) => c.id)).toEqual(after);
    expect(next.total).toBe(own.total);
    // A retry of the same cursor: the same page.
    expect((await list('handler.wl', `sort=received&pageSize=200&cursor=${cursor}`)).items).toEqual(next.items);
    await http().get(`/api/v1/cases?cursor=${cursor}`).expect(401);
  });

  it('refuses a bad cursor, a cursor with a page number, and a page number past the count — naming the field, with a Chinese message', async () => {
    const received = (await list('operator', 'sort=received&pageSize=1')).nextCursor!;
    const deadline = (await list('operator', 'sort=deadline&pageSize=1')).nextCursor!;
    const bad = async (query: string, field: string, code: string) => {
      const b = await list('operator', query, 400);
      expect([query, b.fields?.map((f) => [f.field, f.code])]).toEqual([query, [[field, code]]]);
      expect(b.fields![0]!.message).toMatch(/^[\u4e00-\u9fff]+：[\u4e00-\u9fff]/);
    };
    await bad(`sort=deadline&cursor=${received}`, 'cursor', 'CURSOR_INVALID');
    await bad(`cursor=${deadline}`, 'cursor', 'CURSOR_INVALID');
    await bad('cursor=not-a-cursor', 'cursor', 'CURSOR_INVALID');
    await bad(`cursor=${received.slice(0, -3)}`, 'cursor', 'CURSOR_INVALID');
    await bad(`cursor=${'A'.repeat(401)}`, 'cursor', 'MAX_LENGTH');
    await bad(`page=2&cursor=${received}`, 'page', 'PAGE_WITH_CURSOR');
    // Page numbers: up to the count's cap (10,000 cases; a q search 1,000), whatever the page size.
    await bad(`page=${CASE_COUNT_CAP / 20 + 1}`, 'page', 'PAGE_TOO_DEEP');
    await bad(`page=${CASE_COUNT_CAP / 200 + 1}&pageSize=200`, 'page', 'PAGE_TOO_DEEP');
    await bad(`q=2026&page=${CASE_SEARCH_COUNT_CAP / 20 + 1}`, 'page', 'PAGE_TOO_DEEP');
    await bad('page=100000&pageSize=200&sort=deadline', 'page', 'PAGE_TOO_DEEP');
    expect((await list('operator', `page=${CASE_COUNT_CAP / 20}`)).items).toEqual([]);
    expect((await list('operator', `q=2026&page=${CASE_SEARCH_COUNT_CAP / 20}`)).items).toEqual([]);
    // The last page a page size of 30 reaches starts below the cap (cases 9,991–10,020 would be shown).
    expect((await list('operator', `page=${Math.ceil(CASE_COUNT_CAP / 30)}&pageSize=30`)).items).toEqual([]);
  });
});
