import { ReadThrough } from './read-through.js';

describe('ReadThrough', () => {
  const setup = () => {
    let t = 0;
    let reads = 0;
    const pending: ((v: number) => void)[] = [];
    const cache = new ReadThrough<number>(5_000, () => { reads++; return new Promise<number>((r) => pending.push(r)); }, () => t);
    return { cache, reads: () => reads, resolve: (v: number) => pending.shift()!(v), tick: (ms: number) => { t += ms; } };
  };

  it('concurrent misses share one read; the value is kept for the TTL, then read again', async () => {
    const s = setup();
    const all = Promise.all(Array.from({ length: 32 }, () => s.cache.get()));
    expect(s.reads()).toBe(1);
    s.resolve(7);
    expect(await all).toEqual(Array(32).fill(7));
    s.tick(4_999);
    expect(await s.cache.get()).toBe(7);
    expect(s.reads()).toBe(1);
    s.tick(1);
    const again = [s.cache.get(), s.cache.get()];
    expect(s.reads()).toBe(2);
    s.resolve(8);
    expect(await Promise.all(again)).toEqual([8, 8]);
  });

  it('a failed read is not kept: the next get reads again', async () => {
    let fail = true;
    let reads = 0;
    const cache = new ReadThrough<number>(5_000, async () => { reads++; if (fail) throw new Error('down'); return 1; }, () => 0);
    await expect(cache.get()).rejects.toThrow('down');
    fail = false;
    expect(await cache.get()).toBe(1);
    expect(reads).toBe(2);
  });

  it('invalidate: the next get reads anew, and a read started before does not fill the cache', async () => {
    const s = setup();
    const old = s.cache.get();
    s.cache.invalidate();
    const fresh = s.cache.get();
    expect(s.reads()).toBe(2);
    s.resolve(1); // the read from before the edit
    s.resolve(2);
    expect(await old).toBe(1);
    expect(await fresh).toBe(2);
    expect(await s.cache.get()).toBe(2);
    expect(s.reads()).toBe(2);
  });
});
