import { randomUUID } from 'node:crypto';
import { Injectable, type Type } from '@nestjs/common';
import { type Command, CommandHandler } from '@nestjs/cqrs';
import { Clock, currentRequestId, InvalidInput, Outbox, UnitOfWork, type DeadlineArmPayload, type OutboxEntry, type Tx } from '#platform';
import { type CaseType, chinaDate, policiesFor } from '#deadlines';
import { CalendarStore } from '#deadlines-nest';
import { canSee, mayHandleCases, type UnitNode } from '#org';
import { OrgDirectory } from '#org-nest';
import type { Actor, Case, ClockContext, TimerRequest } from '../domain/case.js';
import { CaseNotFound, NotAHandler } from '../domain/case.errors.js';
import { CaseRepository } from './ports.js';
import { DecisionNotifier } from './decision-notifier.js';

/** All of a command's timer rungs travel in one outbox row (fewer rows and relay round trips per command). */
export function timerEntries(timers: TimerRequest[], correlationId?: string): OutboxEntry[] {
  if (!timers.length) return [];
  return [{
    topic: 'deadline.arm',
    payload: {
      timers: timers.map((t) => ({ deadlineId: t.deadlineId, version: t.version, rung: t.rung, fireAt: t.fireAt.toISOString() }) satisfies DeadlineArmPayload),
      correlationId: correlationId ?? currentRequestId(),
    },
  }];
}

/** Separation of duties: every case command by a person starts here or in requireHandler (admins, auditors: 403). */
export function requireHandler(actor: Actor): void {
  if (!mayHandleCases(actor)) throw new NotAHandler();
}

/** A unit that can hold a case (any but the intake office), or a 400 on `field` that names it. */
export function requireHandlingUnit(units: readonly UnitNode[], unitId: string, field = 'unitId', message = '承办单位不存在或不能承办案件'): UnitNode {
  const u = units.find((x) => x.id === unitId);
  if (!u || u.isIntake) throw new InvalidInput([{ field, code: 'UNKNOWN_UNIT', message }]);
  return u;
}

/** Shared transaction shape of every case command: load + lock, check visibility, act, save, feed the outbox. */
@Injectable()
export class CaseWorkflow {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly cases: CaseRepository,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly calendars: CalendarStore,
    private readonly org: OrgDirectory,
    private readonly notices: DecisionNotifier,
  ) {}

  async context(caseType: CaseType, receivedAt: Date): Promise<ClockContext> {
    const [calendar, all] = await Promise.all([this.calendars.calendar(), this.calendars.policies()]);
    return { now: this.clock.now(), calendar, policies: policiesFor(all, caseType, chinaDate(receivedAt)), newId: randomUUID };
  }

  /**
   * Runs `act` on the case in one transaction. Actor null = the system (timers). Returns the case id. `act` gets the
   * unit tree loaded for the visibility check (empty for the system). `alsoInTx` runs in the same transaction after
   * the step is saved; `firstInTx` once the case is locked and before the step: what it writes comes first on the
   * timeline (a cause before its effects).
   */
  async transition(
    caseId: string,
    actor: Actor | null,
    act: (c: Case, ctx: ClockContext, units: readonly UnitNode[]) => void | boolean,
    alsoInTx?: (tx: Tx, ctx: ClockContext) => Promise<void>,
    firstInTx?: (tx: Tx, ctx: ClockContext) => Promise<void>,
  ): Promise<boolean> {
    if (actor) requireHandler(actor);
    const units = actor ? await this.org.units() : [];
    return this.uow.run(async (tx: Tx) => {
      const c = await this.cases.get(caseId, tx);
      if (actor && !canSee(actor, units, c.assignedUnitId, c.coUnitIds)) throw new CaseNotFound(caseId);
      const ctx = await this.context(c.type, c.receivedAt);
      if (firstInTx) await firstInTx(tx, ctx);
      if (act(c, ctx, units) === false) return false;
      // A decision an online filer must be told: its SMS commits with it (before save, which takes the events).
      await this.notices.queue(tx, c, ctx.now);
      await this.cases.save(c, tx);
      await this.outbox.append(tx, timerEntries(c.pullTimers()));
      if (alsoInTx) await alsoInTx(tx, ctx);
      return true;
    });
  }
}

/** What every case command carries: the case it acts on and who acts. */
export interface CaseCommandShape { readonly caseId: string; readonly actor: Actor }

/**
 * The handler of a command whose whole use case is one step on the aggregate inside CaseWorkflow's transaction
 * (no checks before it, nothing else written with it): the step is the only part that differs.
 */
export function caseStepHandler<C extends Command<void> & CaseCommandShape>(
  command: Type<C>,
  step: (c: Case, cmd: C, ctx: ClockContext) => void | boolean,
): Type<{ execute(cmd: C): Promise<void> }> {
  @CommandHandler(command)
  class CaseStepHandler {
    constructor(private readonly wf: CaseWorkflow) {}
    async execute(cmd: C): Promise<void> {
      await this.wf.transition(cmd.caseId, cmd.actor, (c, ctx) => step(c, cmd, ctx));
    }
  }
  // Nest names providers in its errors and logs by class name.
  Object.defineProperty(CaseStepHandler, 'name', { value: `${command.name}Handler` });
  return CaseStepHandler;
}
