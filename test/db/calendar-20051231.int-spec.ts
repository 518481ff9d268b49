// Migration 20261204100000_calendar_20051231 on a database seeded before the fix: 2005-12-31 (a make-up Saturday of
// the 2006 notice) was missing, so it counted as rest; the migration writes it as a working day, over whatever was there.
import { readFileSync } from 'node:fs';
import { createTestDb, type TestDb } from '#testing';

const SQL = readFileSync('prisma/migrations/20261204100000_calendar_20051231/migration.sql', 'utf8');
let db: TestDb;

beforeAll(async () => {
  db = await createTestDb();
});
afterAll(() => db?.drop());

const day = () => db.prisma.calendarDay.findUnique({ where: { region_date: { region: '', date: new Date('2005-12-31T00:00:00Z') } } });

describe('migration: 2005-12-31 is a working day', () => {
  it('adds the day to a database that lacks it', async () => {
    await db.prisma.calendarDay.deleteMany({ where: { region: '', date: new Date('2005-12-31T00:00:00Z') } });
    expect(await day()).toBeNull();
    await db.prisma.$executeRawUnsafe(SQL);
    expect(await day()).toMatchObject({ kind: 'workday', name: '元旦' });
  });

  it('overwrites a wrong entry and can run twice', async () => {
    await db.prisma.calendarDay.update({ where: { region_date: { region: '', date: new Date('2005-12-31T00:00:00Z') } }, data: { kind: 'holiday', name: 'x' } });
    await db.prisma.$executeRawUnsafe(SQL);
    await db.prisma.$executeRawUnsafe(SQL);
    expect(await day()).toMatchObject({ kind: 'workday', name: '元旦' });
    expect(await db.prisma.calendarDay.count({ where: { date: new Date('2005-12-31T00:00:00Z') } })).toBe(1);
  });
});
