import { Command, CommandHandler, type ICommandHandler, Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Clock, Forbidden, NotFound } from '#platform';
import { addDays, chinaDate, toChinaIso } from '#deadlines';
import { ODR_FIGURE_RULES } from '#cases';
import type { OdrFiguresRowDto } from '#contracts';
import { CalendarStore } from '#deadlines-nest';
import type { Viewer } from '#org';
import {
  DISCLOSURE_RULES, type DisclosureBusiness, DisclosureNotComputed, DisclosureNotFound, DisclosureReleased, type DisclosureStatus,
  assertQuarterEnded, computeDisclosure, parseQuarter,
} from '../domain/index.js';
import { type DisclosureRecord, DisclosureRepository, WarningPublication } from './disclosure.ports.js';
import { OdrFigureSource } from './ports.js';

/** Only a manager (市局分管领导) computes, reviews and releases the disclosure, and publishes warnings. */
function managerOnly(v: Viewer, what: string): void {
  if (v.role !== 'manager') throw new Forbidden(`只有市局分管领导可以${what}`);
}

export interface DisclosurePeriodView {
  period: string; label: string; status: DisclosureStatus; computedAt: string; releasedAt: string | null;
}
/** The ODR enterprises' figures as published with a quarter (issue 17 §5): the same rows and rules as GET /odr/figures. */
export interface DisclosureOdrView { rows: OdrFiguresRowDto[]; rules: readonly string[] }
export interface DisclosureView extends DisclosurePeriodView { rules: readonly string[]; businesses: DisclosureBusiness[]; odrEnterprises: DisclosureOdrView }

const odrView = (r: DisclosureRecord): DisclosureOdrView => ({ rows: r.odrEnterprises ?? [], rules: ODR_FIGURE_RULES });
/** The quarter's ODR figures: hand-overs within it (its last day inclusive). */
const odrOf = (odr: OdrFigureSource, q: { range: { from: string; to: string } }) => odr.figures(q.range.from, addDays(q.range.to, -1));

function view(r: DisclosureRecord): DisclosureView {
  return {
    period: r.period, label: parseQuarter(r.period).label, status: r.status, computedAt: toChinaIso(r.computedAt),
    releasedAt: r.releasedAt ? toChinaIso(r.releasedAt) : null, rules: DISCLOSURE_RULES, businesses: r.businesses, odrEnterprises: odrView(r),
  };
}

export class ComputeDisclosure extends Command<DisclosureView> {
  constructor(readonly viewer: Viewer, readonly period: string) { super(); }
}
/** Computes (or re-computes) a quarter's draft from the cases as they are now; a released quarter is frozen. */
@CommandHandler(ComputeDisclosure)
export class ComputeDisclosureHandler implements ICommandHandler<ComputeDisclosure> {
  constructor(private readonly repo: DisclosureRepository, private readonly calendars: CalendarStore, private readonly clock: Clock, private readonly odr: OdrFigureSource) {}
  async execute({ viewer, period }: ComputeDisclosure): Promise<DisclosureView> {
    managerOnly(viewer, '生成投诉信息公示');
    const q = parseQuarter(period);
    const existing = await this.repo.get(period);
    if (existing?.status === 'released') throw new DisclosureReleased(period);
    const [cases, cal, odrEnterprises] = await Promise.all([this.repo.casesFor(q.range), this.calendars.calendar(), odrOf(this.odr, q)]);
    const businesses = computeDisclosure(cases, q.range, cal);
    if (!(await this.repo.saveDraft({ period, businesses, odrEnterprises, computedAt: this.clock.now(), computedBy: viewer.userId }))) throw new DisclosureReleased(period);
    return view((await this.repo.get(period))!);
  }
}

export class ReleaseDisclosure extends Command<DisclosureView> {
  constructor(readonly viewer: Viewer, readonly period: string) { super(); }
}
/** Releases the reviewed draft as it stands: from then on it is public and frozen. A retry of a release answers the same. */
@CommandHandler(ReleaseDisclosure)
export class ReleaseDisclosureHandler implements ICommandHandler<ReleaseDisclosure> {
  constructor(private readonly repo: DisclosureRepository, private readonly clock: Clock, private readonly odr: OdrFigureSource) {}
  async execute({ viewer, period }: ReleaseDisclosure): Promise<DisclosureView> {
    managerOnly(viewer, '发布投诉信息公示');
    const q = parseQuarter(period);
    const now = this.clock.now();
    assertQuarterEnded(q, chinaDate(now));
    const r = await this.repo.get(period);
    if (!r) throw new DisclosureNotComputed(period);
    // the reviewed draft's ODR figures are released with it; a draft from before they existed gets them now
    const odr = r.status === 'draft' && r.odrEnterprises === null ? await odrOf(this.odr, q) : undefined;
    if (r.status === 'draft' && !(await this.repo.release(period, viewer.userId, now, odr))) throw new DisclosureReleased(period);
    return view((await this.repo.get(period))!);
  }
}

export class ListDisclosurePeriods extends Query<DisclosurePeriodView[]> {
  constructor(readonly viewer: Viewer | null) { super(); }
}
/** Staff (manager): every computed quarter; the public (viewer null): the released ones only. */
@QueryHandler(ListDisclosurePeriods)
export class ListDisclosurePeriodsHandler implements IQueryHandler<ListDisclosurePeriods> {
  constructor(private readonly repo: DisclosureRepository) {}
  async execute({ viewer }: ListDisclosurePeriods): Promise<DisclosurePeriodView[]> {
    if (viewer) managerOnly(viewer, '查看投诉信息公示');
    const rows = await this.repo.list(viewer === null);
    return rows.map((r) => ({ period: r.period, label: parseQuarter(r.period).label, status: r.status, computedAt: toChinaIso(r.computedAt), releasedAt: r.releasedAt ? toChinaIso(r.releasedAt) : null }));
  }
}

export class GetDisclosure extends Query<DisclosureView> {
  constructor(readonly viewer: Viewer, readonly period: string) { super(); }
}
/** A manager's preview of a quarter (draft or released). */
@QueryHandler(GetDisclosure)
export class GetDisclosureHandler implements IQueryHandler<GetDisclosure> {
  constructor(private readonly repo: DisclosureRepository) {}
  async execute({ viewer, period }: GetDisclosure): Promise<DisclosureView> {
    managerOnly(viewer, '查看投诉信息公示');
    parseQuarter(period);
    const r = await this.repo.get(period);
    if (!r) throw new DisclosureNotComputed(period);
    return view(r);
  }
}

export interface PublicDisclosureView {
  period: string; label: string; published: string; rules: readonly string[];
  businesses: DisclosureBusiness[];
  /** Frozen with the release: the public never sees unreleased ODR figures. */
  odrEnterprises: DisclosureOdrView;
}
export class GetPublicDisclosure extends Query<PublicDisclosureView> {
  constructor(readonly period: string) { super(); }
}
/** The public read: a released quarter only; anything else is 404 (an unreleased draft is never shown). */
@QueryHandler(GetPublicDisclosure)
export class GetPublicDisclosureHandler implements IQueryHandler<GetPublicDisclosure> {
  constructor(private readonly repo: DisclosureRepository) {}
  async execute({ period }: GetPublicDisclosure): Promise<PublicDisclosureView> {
    const q = parseQuarter(period);
    const r = await this.repo.get(period);
    if (!r || r.status !== 'released' || !r.releasedAt) throw new DisclosureNotFound(period);
    return { period, label: q.label, published: toChinaIso(r.releasedAt), rules: DISCLOSURE_RULES, businesses: r.businesses, odrEnterprises: odrView(r) };
  }
}

export class PublishWarning extends Command<{ id: string; status: 'published' }> {
  constructor(readonly viewer: Viewer, readonly id: string) { super(); }
}
/** A manager publishes a drafted 消费警示 to the public page; publishing twice is a no-op. */
@CommandHandler(PublishWarning)
export class PublishWarningHandler implements ICommandHandler<PublishWarning> {
  constructor(private readonly warnings: WarningPublication, private readonly clock: Clock) {}
  async execute({ viewer, id }: PublishWarning): Promise<{ id: string; status: 'published' }> {
    managerOnly(viewer, '发布消费警示');
    const w = await this.warnings.find(id);
    if (!w) throw new NotFound('消费警示', id);
    if (w.status !== 'published') await this.warnings.publish(id, viewer.userId, this.clock.now());
    return { id, status: 'published' };
  }
}

export interface PublicWarningView { id: string; unitName: string; title: string; body: string; publishedAt: string }
export class ListPublishedWarnings extends Query<PublicWarningView[]> {}
@QueryHandler(ListPublishedWarnings)
export class ListPublishedWarningsHandler implements IQueryHandler<ListPublishedWarnings> {
  constructor(private readonly warnings: WarningPublication) {}
  async execute(): Promise<PublicWarningView[]> {
    return (await this.warnings.published(50)).map((w) => ({ ...w, publishedAt: toChinaIso(w.publishedAt) }));
  }
}
