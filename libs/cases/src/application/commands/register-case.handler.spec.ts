// Registration on in-memory ports: routing by the catalogue, the single insertNew write with the clocks' timers,
// a complaint that is also a report as two linked cases, and refused input — without PostgreSQL.
import type { OdrCases, OdrEnterprises } from '../odr/odr.ports.js';
import type { Outbox, UnitOfWork } from '#platform';
import { caseWorld, china, handlerA, operator } from '#testing';
import type { OrgDirectory } from '#org-nest';
import type { CategoryStore } from '../../infrastructure/category.store.js';
import { NotAHandler } from '../../domain/case.errors.js';
import { RegisterCase, RegisterCaseHandler, type RegisterCaseInput } from './register-case.handler.js';

const categories = { exists: async (code: string) => code === 'G01' } as unknown as CategoryStore;
const input = (over: Partial<RegisterCaseInput> = {}): RegisterCaseInput => ({
  type: 'complaint', channel: 'hotline', receivedAt: china('2026-11-23T09:30:00'),
  complainant: { name: '张三', phone: '13800138000', address: '镇江市丹徒区' },
  respondent: { name: '某某商行', regionCode: '321112', address: '镇江市丹徒区某路1号' },
  category: 'G01', description: '买到的电水壶漏电', ...over,
});

function world() {
  const w = caseWorld('2026-11-23T10:00:00');
  w.org.rules.push({
    id: 'rule-a', regionPrefix: '321112', categoryPrefix: null, townshipCode: null, addressKeywords: [], platform: null, caseType: null,
    unitId: 'county-a', priority: 0, enabled: true, note: '', createdAt: new Date(0),
  });
  // ODR ports: no enterprise enrolled here (the ODR routing is covered by test/e2e/odr.e2e-spec.ts).
  const noOdr = { row: async () => null, byCreditCode: async () => null } as unknown as OdrEnterprises;
  const h = new RegisterCaseHandler(w.cases, w.clock, w.wf, w.org.directory as unknown as OrgDirectory, categories, noOdr, {} as OdrCases, {} as UnitOfWork, {} as Outbox);
  return { ...w, h };
}

describe('RegisterCase (in-memory ports)', () => {
  it('routes by the catalogue and writes the case, its events and its timers in one insertNew', async () => {
    const w = world();
    const r = await w.h.execute(new RegisterCase(input(), operator));
    const c = await w.cases.get(r.id);
    expect(c.assignedUnitId).toBe('county-a');
    expect(c.snapshot().caseNo).toMatch(/^2026\d{8}$/);
    expect(w.cases.events.filter((e) => e.caseId === r.id).map((e) => e.type)).toEqual(expect.arrayContaining(['CaseRegistered', 'CaseDispatched']));
    expect(c.deadlines.map((d) => d.step)).toContain('acceptance');
    expect(w.cases.outbox).toEqual([expect.objectContaining({ topic: 'deadline.arm' })]);
  });

  it('a complaint that is also a report becomes two linked cases', async () => {
    const w = world();
    const r = await w.h.execute(new RegisterCase(input({ alsoReport: true }), operator));
    expect(r.linkedId).toBeDefined();
    expect((await w.cases.get(r.linkedId!)).type).toBe('report');
    expect(w.cases.rows.size).toBe(2);
  });

  it('refuses an unknown category (naming the field) and a non-operator role, storing nothing', async () => {
    const w = world();
    await expect(w.h.execute(new RegisterCase(input({ category: 'Z99' }), operator))).rejects.toMatchObject({ fields: expect.arrayContaining([expect.objectContaining({ field: 'category' })]) });
    await expect(w.h.execute(new RegisterCase(input(), { ...handlerA, role: 'auditor' }))).rejects.toBeInstanceOf(NotAHandler);
    expect(w.cases.rows.size).toBe(0);
  });
});
