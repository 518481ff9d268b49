// Time-limit policy edits, versions and live counts on an in-memory PolicyRepository: no PostgreSQL.
import { InvalidInput, NotFound } from '#kernel';
import type { Outbox, OutboxEntry, Tx, UnitOfWork } from '#platform';
import type { LadderRung } from '../domain/clock.js';
import type { TimeLimitPolicy } from '../domain/policy.js';
import type { CalendarStore } from '../infrastructure/calendar.store.js';
import {
  CountLivePolicyDeadlines, CountLivePolicyDeadlinesHandler, ListTimeLimitPolicyVersions, ListTimeLimitPolicyVersionsHandler, UpdateTimeLimitPolicy,
  UpdateTimeLimitPolicyHandler,
} from './policy.commands.js';
import { type PolicyColumns, type PolicyForEdit, PolicyRepository, type PolicyVersionRecord } from './ports.js';

type Row = PolicyForEdit & PolicyColumns & { id: string; version: number };

class InMemoryPolicies extends PolicyRepository {
  rows = new Map<string, Row>();
  versionRows: (PolicyVersionRecord & { policyId: string })[] = [];
  live = new Map<string, number>();
  actors: (string | null)[] = [];
  async lockForEdit(_tx: Tx, id: string, actorId: string | null) {
    this.actors.push(actorId);
    const r = this.rows.get(id);
    return r ? { ...r } : null;
  }
  async update(_tx: Tx, id: string, columns: PolicyColumns, ladder: { value: LadderRung[] | null } | null) {
    const r = this.rows.get(id)!;
    Object.assign(r, columns, ladder ? { ladder: ladder.value } : {}, { version: r.version + 1 });
    return r.version;
  }
  async exists(id: string) { return this.rows.has(id); }
  async versions(policyId: string) { return this.versionRows.filter((v) => v.policyId === policyId).sort((a, b) => a.version - b.version); }
  async userNames(ids: string[]) { return new Map(ids.filter((id) => id === 'u-admin').map((id) => [id, '管理员'])); }
  async liveDeadlines(policyId: string) { return this.live.get(policyId) ?? 0; }
}

function world() {
  const policies = new InMemoryPolicies();
  policies.rows.set('p-local', { id: 'p-local', regime: 'LOCAL', unit: 'workingDays', amount: 5, ladder: null, maxExtensions: 0, maxExtensionUnits: 0, version: 1 });
  policies.rows.set('p-legal', { id: 'p-legal', regime: 'O121', unit: 'workingDays', amount: 7, ladder: null, maxExtensions: 1, maxExtensionUnits: 3, version: 1 });
  const outbox: OutboxEntry[] = [];
  const uow = { run: <T>(fn: (tx: Tx) => Promise<T>) => fn({} as Tx) } as unknown as UnitOfWork;
  const out = { append: async (_: Tx, e: OutboxEntry[]) => { outbox.push(...e); } } as unknown as Outbox;
  let invalidated = 0;
  const store = {
    invalidate: () => { invalidated++; },
    policies: async () => [...policies.rows.values()].map((r) => ({ id: r.id, amount: r.amount, ladder: r.ladder ?? undefined }) as unknown as TimeLimitPolicy),
  } as unknown as CalendarStore;
  const update = new UpdateTimeLimitPolicyHandler(uow, out, store, policies);
  return { policies, outbox, update, invalidated: () => invalidated };
}

describe('time-limit policy handlers (in-memory port)', () => {
  it('an amount edit bumps the version, records the actor, queues nothing (live clocks keep their amount) and refreshes the cache', async () => {
    const w = world();
    const p = await w.update.execute(new UpdateTimeLimitPolicy('p-local', { amount: 6 }, 'u-admin'));
    expect(p).toMatchObject({ id: 'p-local', amount: 6 });
    expect(w.policies.rows.get('p-local')).toMatchObject({ amount: 6, version: 2 });
    expect(w.policies.actors).toEqual(['u-admin']);
    expect(w.outbox).toEqual([]);
    expect(w.invalidated()).toBe(1);
  });

  it('a ladder edit applies to live clocks: policy.changed names the added, removed and moved rungs at the new version', async () => {
    const w = world();
    const ladder = [{ rung: 'warn', offset: -2 }, { rung: 'due', offset: 0 }];
    await w.update.execute(new UpdateTimeLimitPolicy('p-legal', { ladder }, 'u-admin'));
    expect(w.policies.rows.get('p-legal')).toMatchObject({ ladder, version: 2 });
    expect(w.outbox).toEqual([{ topic: 'policy.changed', payload: expect.objectContaining({ policyId: 'p-legal', version: 2 }) }]);
    const payload = w.outbox[0]!.payload as { added: string[]; removed: string[]; moved: string[] };
    expect(payload.added.length + payload.removed.length + payload.moved.length).toBeGreaterThan(0);
    // The same ladder again changes nothing on live clocks: no second message.
    await w.update.execute(new UpdateTimeLimitPolicy('p-legal', { ladder }, 'u-admin'));
    expect(w.outbox).toHaveLength(1);
  });

  it('refuses to disable a legal step and an extension total without extensions; an unknown policy is not found — nothing written', async () => {
    const w = world();
    await expect(w.update.execute(new UpdateTimeLimitPolicy('p-legal', { enabled: false }))).rejects.toMatchObject({ fields: [expect.objectContaining({ field: 'enabled', code: 'LEGAL_STEP' })] });
    await expect(w.update.execute(new UpdateTimeLimitPolicy('p-local', { maxExtensionUnits: 3 }))).rejects.toBeInstanceOf(InvalidInput);
    await expect(w.update.execute(new UpdateTimeLimitPolicy('nope', { amount: 1 }))).rejects.toBeInstanceOf(NotFound);
    expect([...w.policies.rows.values()].map((r) => r.version)).toEqual([1, 1]);
  });

  it('lists versions newest first with who changed what, and counts live clocks', async () => {
    const w = world();
    const snap = (amount: number) => ({ regime: 'LOCAL', case_type: 'complaint', step: 'acceptance', amount, unit: 'workingDays', starts_at: 'receipt', legal_basis: '承诺', effective_from: '2026-01-01', effective_to: null, enabled: true, ladder: null, pause_reasons: [], max_extensions: 0, max_extension_units: 0 });
    w.policies.versionRows.push(
      { policyId: 'p-local', version: 1, changedAt: new Date('2026-11-01T00:00:00Z'), changedBy: null, snapshot: snap(5) },
      { policyId: 'p-local', version: 2, changedAt: new Date('2026-11-02T00:00:00Z'), changedBy: 'u-admin', snapshot: snap(6) },
    );
    const versions = await new ListTimeLimitPolicyVersionsHandler(w.policies).execute(new ListTimeLimitPolicyVersions('p-local'));
    expect(versions.map((v) => v.version)).toEqual([2, 1]);
    expect(versions[0]).toMatchObject({ changedBy: { id: 'u-admin', displayName: '管理员' }, changes: [expect.objectContaining({ field: 'amount' })] });
    expect(versions[1]).toMatchObject({ changedBy: null, changes: [] });
    await expect(new ListTimeLimitPolicyVersionsHandler(w.policies).execute(new ListTimeLimitPolicyVersions('nope'))).rejects.toBeInstanceOf(NotFound);
    w.policies.live.set('p-local', 4);
    expect(await new CountLivePolicyDeadlinesHandler(w.policies).execute(new CountLivePolicyDeadlines('p-local'))).toEqual({ liveDeadlines: 4 });
  });
});
