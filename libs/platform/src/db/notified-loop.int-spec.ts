import pg from 'pg';
import { dbUrl } from '#testing';
import { NotifiedConsumer } from './notified-loop.js';

// A consumer whose drain takes the pending items the way SKIP LOCKED does: a drain running beside another sees
// none of the items the other holds until that one commits.
class Items extends NotifiedConsumer {
  pending = 0;
  held = 0;
  done = 0;
  slowMs = 0;
  constructor(channel: string) {
    super('notified-loop-spec', { databaseUrl: dbUrl('postgres'), channel, pollMs: 60_000 });
  }
  async drain(): Promise<number> {
    const take = this.pending;
    this.pending = 0;
    this.held += take;
    await new Promise((r) => setTimeout(r, this.slowMs));
    this.held -= take;
    this.done += take;
    return take;
  }
}

const notify = async (channel: string) => {
  const c = new pg.Client({ connectionString: dbUrl('postgres') });
  await c.connect();
  await c.query(`NOTIFY ${channel}`);
  await c.end();
};

describe('NotifiedConsumer.settle', () => {
  const channel = `spec_loop_${process.pid}`;
  let items: Items;
  beforeEach(async () => {
    items = new Items(channel);
    await items.start(); // the first poll drains nothing
    await items.settle();
  });
  afterEach(() => items.stop());

  it('waits for the drain a NOTIFY started, where a drain beside it returns with the items still held', async () => {
    items.pending = 3;
    items.slowMs = 300;
    await notify(channel);
    while (!items.held) await new Promise((r) => setTimeout(r, 5));
    // Beside it: nothing to take, so it returns at once while the 3 items are still in flight.
    items.slowMs = 0;
    expect(await items.drain()).toBe(0);
    expect(items.done).toBe(0);
    // settle returns only after the loop's drain is done.
    await items.settle();
    expect([items.done, items.held]).toEqual([3, 0]);
  });

  it('waits for the extra drain a wake-up during a drain causes; with none in flight it is a plain drain', async () => {
    items.pending = 1;
    items.slowMs = 200;
    await notify(channel);
    while (!items.held) await new Promise((r) => setTimeout(r, 5));
    items.pending = 2; // arrives during the drain: its NOTIFY makes the loop drain once more
    await notify(channel);
    await new Promise((r) => setTimeout(r, 50));
    // The loop's second drain took the 2: settle found nothing left.
    expect(await items.settle()).toBe(0);
    expect([items.done, items.held, items.pending]).toEqual([3, 0, 0]);
    // Nothing in flight: settle is a plain drain.
    items.pending = 4;
    items.slowMs = 0;
    expect(await items.settle()).toBe(4);
  });
});
