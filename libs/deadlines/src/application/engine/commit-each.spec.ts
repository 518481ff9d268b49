import type { RungFiring } from './clock-subject.js';
import { NotClaimed, commitEach } from './commit-each.js';

const firing = (ord: number) => ({ ord }) as RungFiring;

describe('commitEach: the per-firing commit loop of a subject', () => {
  it('reports fired, duplicate (claimed already) and stale (clock moved on, or nothing to do) per ord', async () => {
    const out = await commitEach([firing(0), firing(1), firing(2), firing(3)], async (f) => {
      if (f.ord === 1) throw new NotClaimed(false);
      if (f.ord === 2) throw new NotClaimed(undefined);
      return f.ord === 0;
    });
    expect([...out]).toEqual([[0, true], [1, false]]);
  });

  it('a subject error that means the clock moved on is stale; any other error is thrown', async () => {
    class Refused extends Error {}
    const stale = (e: unknown) => e instanceof Refused;
    expect([...await commitEach([firing(0), firing(1)], async (f) => { if (f.ord === 0) throw new Refused(); return true; }, stale)]).toEqual([[1, true]]);
    await expect(commitEach([firing(0)], async () => { throw new Error('boom'); }, stale)).rejects.toThrow('boom');
  });
});
