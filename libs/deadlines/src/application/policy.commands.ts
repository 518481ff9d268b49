import { Command, CommandHandler, Query, QueryHandler, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs';
import { InvalidInput, NotFound, Outbox, UnitOfWork, type PolicyChangedPayload } from '#platform';
import { policyChanges, type PolicyFieldChange, type PolicyState, type TimeLimitPolicy } from '../domain/policy.js';
import type { LadderRung } from '../domain/clock.js';
import type { PeriodUnit } from '../domain/period.js';
import { ladderChange, ladderChanged, validateLadder } from '../domain/ladder.js';
import { CalendarStore } from '../infrastructure/calendar.store.js';
import { PolicyRepository } from './ports.js';

export class ListTimeLimitPolicies extends Query<TimeLimitPolicy[]> {}

@QueryHandler(ListTimeLimitPolicies)
export class ListTimeLimitPoliciesHandler implements IQueryHandler<ListTimeLimitPolicies> {
  constructor(private readonly store: CalendarStore) {}
  execute(): Promise<TimeLimitPolicy[]> {
    return this.store.policies();
  }
}

export interface PolicyPatch {
  amount?: number;
  enabled?: boolean;
  legalBasis?: string;
  maxExtensions?: number;
  maxExtensionUnits?: number;
  pauseReasons?: string[];
  /** The warning/escalation ladder: rows of {rung, offset} (checked by `validateLadder`), or null = the default ladder. */
  ladder?: unknown;
}

/**
 * An admin edit of a time limit: bumps the policy's version. New clocks use the new values; clocks already armed
 * keep the amount they were armed with (their legal start was under the old value), as the explanation shows.
 * A ladder edit is different: rungs are read at firing time, so it applies to live clocks too — the edit appends a
 * `policy.changed` outbox row in the same transaction, and the worker arms the new rungs of the policy's live
 * clocks, re-times moved ones and cancels removed ones (a removed rung's job that still wakes is skipped anyway).
 */
export class UpdateTimeLimitPolicy extends Command<TimeLimitPolicy> {
  /** `actorId`: the admin, recorded on the new version (time_limit_policy_versions). */
  constructor(readonly id: string, readonly patch: PolicyPatch, readonly actorId: string | null = null) { super(); }
}

@CommandHandler(UpdateTimeLimitPolicy)
export class UpdateTimeLimitPolicyHandler implements ICommandHandler<UpdateTimeLimitPolicy> {
  constructor(private readonly uow: UnitOfWork, private readonly outbox: Outbox, private readonly store: CalendarStore, private readonly policies: PolicyRepository) {}
  async execute({ id, patch, actorId }: UpdateTimeLimitPolicy): Promise<TimeLimitPolicy> {
    const { ladder: ladderInput, ...rest } = patch;
    await this.uow.run(async (tx) => {
      // Locked: two admins editing one ladder must not both diff against the same old ladder; the actor is recorded
      // on the new version by a trigger (migration 20261126000000_policy_versions).
      const row = await this.policies.lockForEdit(tx, id, actorId);
      if (!row) throw new NotFound('时限规定', id);
      if (row.regime !== 'LOCAL' && patch.enabled === false)
        throw new InvalidInput([{ field: 'enabled', code: 'LEGAL_STEP', message: '法定时限不能停用（只有本地承诺可以开关）' }]);
      if ((patch.maxExtensionUnits ?? row.maxExtensionUnits) > 0 && (patch.maxExtensions ?? row.maxExtensions) === 0)
        throw new InvalidInput([{ field: 'maxExtensions', code: 'INCONSISTENT', message: '设置了延期总量，但允许延期次数为0' }]);
      const current = row.ladder;
      let ladder: { value: LadderRung[] | null } | null = null;
      if (ladderInput !== undefined) {
        const r = validateLadder(ladderInput, { regime: row.regime, unit: row.unit as PeriodUnit, amount: patch.amount ?? row.amount, current });
        if (!r.ok) throw new InvalidInput(r.issues);
        ladder = { value: r.ladder };
      }
      const version = await this.policies.update(tx, id, rest, ladder);
      const change = ladder ? ladderChange(current, ladder.value) : null;
      if (change && ladderChanged(change))
        await this.outbox.append(tx, [{ topic: 'policy.changed', payload: { policyId: id, version, ...change } satisfies PolicyChangedPayload }]);
    });
    this.store.invalidate();
    return (await this.store.policies()).find((p) => p.id === id)!;
  }
}

export interface PolicyVersionView {
  version: number;
  changedAt: string;
  /** The admin who made the edit; null for the seeded state and for changes made by migrations. */
  changedBy: { id: string; displayName: string } | null;
  /** What this version changed against the previous one on record; empty for the first one on record. */
  changes: PolicyFieldChange[];
  policy: PolicyState;
}

/** A policy's history, newest version first (GET /api/v1/admin/time-limits/:id/versions). */
export class ListTimeLimitPolicyVersions extends Query<PolicyVersionView[]> {
  constructor(readonly policyId: string) { super(); }
}

type Snapshot = Record<string, unknown>;
/** The trigger stores the row's columns (snake_case) as JSON. */
const stateOf = (s: Snapshot): PolicyState => ({
  regime: s.regime as PolicyState['regime'],
  caseType: s.case_type as PolicyState['caseType'],
  step: s.step as string,
  amount: s.amount as number,
  unit: s.unit as PolicyState['unit'],
  startsAt: s.starts_at as PolicyState['startsAt'],
  legalBasis: s.legal_basis as string,
  effectiveFrom: s.effective_from as string,
  effectiveTo: (s.effective_to as string | null) ?? null,
  enabled: s.enabled as boolean,
  ladder: (s.ladder as LadderRung[] | null) ?? undefined,
  pauseReasons: (s.pause_reasons as string[] | null) ?? [],
  maxExtensions: s.max_extensions as number,
  maxExtensionUnits: s.max_extension_units as number,
  extensionBasis: (s.extension_basis as string | null) ?? undefined,
});

@QueryHandler(ListTimeLimitPolicyVersions)
export class ListTimeLimitPolicyVersionsHandler implements IQueryHandler<ListTimeLimitPolicyVersions> {
  constructor(private readonly policies: PolicyRepository) {}
  async execute({ policyId }: ListTimeLimitPolicyVersions): Promise<PolicyVersionView[]> {
    if (!(await this.policies.exists(policyId))) throw new NotFound('时限规定', policyId);
    const rows = await this.policies.versions(policyId);
    const names = await this.policies.userNames([...new Set(rows.map((r) => r.changedBy).filter((x): x is string => !!x))]);
    const out: PolicyVersionView[] = [];
    let prev: PolicyState | null = null;
    for (const r of rows) {
      const policy = stateOf(r.snapshot as Snapshot);
      out.push({
        version: r.version,
        changedAt: r.changedAt.toISOString(),
        changedBy: r.changedBy ? { id: r.changedBy, displayName: names.get(r.changedBy) ?? '' } : null,
        changes: prev ? policyChanges(prev, policy) : [],
        policy,
      });
      prev = policy;
    }
    return out.reverse();
  }
}

/** How many live clocks (running, paused or overdue, not met) run under a policy: what an edit to it reaches. */
export class CountLivePolicyDeadlines extends Query<{ liveDeadlines: number }> {
  constructor(readonly policyId: string) { super(); }
}

@QueryHandler(CountLivePolicyDeadlines)
export class CountLivePolicyDeadlinesHandler implements IQueryHandler<CountLivePolicyDeadlines> {
  constructor(private readonly policies: PolicyRepository) {}
  async execute({ policyId }: CountLivePolicyDeadlines): Promise<{ liveDeadlines: number }> {
    if (!(await this.policies.exists(policyId))) throw new NotFound('时限规定', policyId);
    const liveDeadlines = await this.policies.liveDeadlines(policyId);
    return { liveDeadlines };
  }
}
