// Co-handling and supervision commands on in-memory ports (CaseWorkflow over InMemoryCaseRepository, InMemoryInbox):
// the state change and its inbox items, without PostgreSQL.
import { Forbidden } from '#kernel';
import { caseWorld, cityLeader, handlerA, handlerB, operator } from '#testing';
import { CaseNotFound } from '../../domain/case.errors.js';
import { ListNotifications, ListNotificationsHandler, MarkNotificationRead, MarkNotificationReadHandler } from '../queries/notification.queries.js';
import { AddCoUnits, AddCoUnitsHandler, AnswerSupervision, AnswerSupervisionHandler, OpenSupervision, OpenSupervisionHandler } from './cohandling-actions.handler.js';

describe('co-handling and supervision handlers (in-memory ports)', () => {
  it('AddCoUnits stores the co-units and tells each co-unit once; the co-unit reads it in its inbox and marks it read', async () => {
    const w = caseWorld();
    const c = w.aCase();
    await new AddCoUnitsHandler(w.wf, w.org.directory, w.inbox).execute(new AddCoUnits(c.id, operator, ['county-b', 'county-b'], '涉及两地'));
    const stored = await w.cases.get(c.id);
    expect(stored.coUnitIds).toEqual(['county-b']);
    expect(w.cases.events.map((e) => e.type)).toContain('CoUnitsAdded');
    expect(w.inbox.items).toEqual([expect.objectContaining({ unitId: 'county-b', caseId: c.id, kind: 'coHandling', urgent: true, deliverAt: w.clock.now() })]);
    expect(w.inbox.items[0]!.body).toContain('涉及两地');

    const list = new ListNotificationsHandler(w.inbox, w.clock);
    const mine = await list.execute(new ListNotifications(handlerB, false, 20));
    expect(mine).toMatchObject({ unread: 1, items: [{ kind: 'coHandling', read: false, caseId: c.id }] });
    expect(await list.execute(new ListNotifications(handlerA, false, 20))).toEqual({ unread: 0, items: [] });
    const mark = new MarkNotificationReadHandler(w.inbox, w.clock);
    await expect(mark.execute(new MarkNotificationRead(mine.items[0]!.id, handlerA))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await mark.execute(new MarkNotificationRead(mine.items[0]!.id, handlerB));
    await mark.execute(new MarkNotificationRead(mine.items[0]!.id, handlerB));
    expect(await list.execute(new ListNotifications(handlerB, true, 20))).toEqual({ unread: 0, items: [] });
  });

  it('a co-unit request by someone who cannot see the case is "not found", and nothing is stored or sent', async () => {
    const w = caseWorld();
    const c = w.aCase();
    await expect(new AddCoUnitsHandler(w.wf, w.org.directory, w.inbox).execute(new AddCoUnits(c.id, handlerB, ['county-b'], null))).rejects.toBeInstanceOf(CaseNotFound);
    expect(w.inbox.items).toEqual([]);
    expect((await w.cases.get(c.id)).coUnitIds).toEqual([]);
  });

  it('OpenSupervision by the city leader tells the assigned unit; the answer tells the opener; a handler may not open one', async () => {
    const w = caseWorld();
    const c = w.aCase();
    const open = new OpenSupervisionHandler(w.wf, w.org.directory, w.inbox);
    await expect(open.execute(new OpenSupervision(c.id, handlerA, 'supervise', '请加快', null))).rejects.toBeInstanceOf(Forbidden);
    const { id } = await open.execute(new OpenSupervision(c.id, cityLeader, 'supervise', '请加快办理', 3));
    expect(w.inbox.items).toEqual([expect.objectContaining({ unitId: 'county-a', kind: 'supervise', caseId: c.id })]);
    expect(w.inbox.items[0]!.body).toContain('请加快办理');
    w.clock.advance(3_600_000);
    await new AnswerSupervisionHandler(w.wf, w.org.directory, w.inbox).execute(new AnswerSupervision(c.id, handlerA, id, '已联系商家'));
    expect(w.inbox.items[1]).toMatchObject({ unitId: 'city', kind: 'supervisionAnswered', createdAt: w.clock.now() });
    expect((await w.cases.get(c.id)).supervisions).toEqual([expect.objectContaining({ id, answer: '已联系商家' })]);
  });
});
