import { GroupCommit } from './group-commit.js';

/** A fake store: groups are written atomically (all or nothing), one by one on demand; `bad` items make a write fail. */
function store(bad: Set<number> = new Set()) {
  const committed: number[] = [];
  const groups: number[][] = [];
  let release: (() => void) | null = null;
  let hold = false;
  const gate = () => (hold ? new Promise<void>((r) => { release = r; }) : Promise.resolve());
  const gc = new GroupCommit<number, string>(
    async (items) => {
      groups.push(items);
      await gate();
      if (items.some((i) => bad.has(i))) throw new Error('group failed');
      committed.push(...items);
      return items.map((i) => `no-${i}`);
    },
    async (i) => {
      groups.push([i]);
      await gate();
      if (bad.has(i)) throw new Error(`item ${i} failed`);
      committed.push(i);
      return `no-${i}`;
    },
    { maxBatch: 4, maxInFlight: 1 },
  );
  return { gc, committed, groups, holdNext: () => { hold = true; }, releaseNow: () => { hold = false; release?.(); } };
}

describe('GroupCommit', () => {
  it('writes what arrives together as one group and answers each caller with its own result', async () => {
    const s = store();
    const rs = await Promise.all([1, 2, 3].map((i) => s.gc.submit(i)));
    expect(rs).toEqual(['no-1', 'no-2', 'no-3']);
    expect(s.groups).toEqual([[1, 2, 3]]);
    expect(s.gc.stats).toMatchObject({ groups: 1, items: 3, largest: 3, fallbacks: 0 });
  });

  it('queues arrivals while a group is in flight and sends them next, at most maxBatch at a time', async () => {
    const s = store();
    s.holdNext();
    const first = s.gc.submit(0);
    await new Promise((r) => setImmediate(r));
    const later = [1, 2, 3, 4, 5, 6].map((i) => s.gc.submit(i));
    await new Promise((r) => setImmediate(r));
    expect(s.groups).toEqual([[0]]); // the rest waits for the group in flight
    s.releaseNow();
    expect(await first).toBe('no-0');
    expect(await Promise.all(later)).toEqual(['no-1', 'no-2', 'no-3', 'no-4', 'no-5', 'no-6']);
    expect(s.groups).toEqual([[0], [1, 2, 3, 4], [5, 6]]);
  });

  it('a failed group is retried one by one: the bad write fails alone, the others commit and resolve', async () => {
    const s = store(new Set([2]));
    const rs = await Promise.allSettled([1, 2, 3].map((i) => s.gc.submit(i)));
    expect(rs.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((rs[1] as PromiseRejectedResult).reason.message).toBe('item 2 failed');
    expect(s.committed.sort()).toEqual([1, 3]);
    expect(s.gc.stats.fallbacks).toBe(1);
  });

  it('nothing resolves before its write finished', async () => {
    const s = store();
    s.holdNext();
    let resolved = false;
    const p = s.gc.submit(7).then(() => { resolved = true; });
    await new Promise((r) => setTimeout(r, 20));
    expect(resolved).toBe(false);
    expect(s.committed).toEqual([]);
    s.releaseNow();
    await p;
    expect(resolved).toBe(true);
    expect(s.committed).toEqual([7]);
  });

  it('a pace holds a group back; what arrives meanwhile leaves with it, and every caller is still answered', async () => {
    const written: number[][] = [];
    let holds = 0;
    const gc = new GroupCommit<number, number>(
      async (items) => { written.push(items); return items; },
      async (i) => { written.push([i]); return i; },
      { maxBatch: 64, maxInFlight: 2, pace: () => (holds++ < 1 ? 30 : 0) },
    );
    const first = gc.submit(1);
    await new Promise((r) => setTimeout(r, 10));
    const rest = [2, 3, 4].map((i) => gc.submit(i));
    expect(written).toEqual([]); // still held
    expect(await Promise.all([first, ...rest])).toEqual([1, 2, 3, 4]);
    expect(written).toEqual([[1, 2, 3, 4]]);
    expect(gc.stats.held).toBe(1);
  });
});

