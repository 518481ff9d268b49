import { unavailable } from './unavailable.js';

// Shapes as Prisma 7 with @prisma/adapter-pg, pg and ioredis raise them (captured from real failures).
const prismaError = (code: string, cause: Record<string, unknown>, message = 'Invalid `prisma.$queryRaw()` invocation') =>
  Object.assign(new Error(message), { name: 'PrismaClientKnownRequestError', code, meta: { driverAdapterError: { name: 'DriverAdapterError', cause } } });

describe('unavailable: which errors are a lost service (503), not a bug (500)', () => {
  it.each([
    ['server unreachable (raw query)', prismaError('P2010', { kind: 'DatabaseNotReachable', host: '127.0.0.1', port: 5999 })],
    ['server unreachable (model query)', prismaError('P1001', { kind: 'DatabaseNotReachable' })],
    ['admin shutdown 57P01', prismaError('P2010', { originalCode: '57P01', kind: 'postgres', code: '57P01', message: 'terminating connection due to administrator command' })],
    ['starting up 57P03', prismaError('P2010', { kind: 'postgres', code: '57P03', message: 'the database system is starting up' })],
    ['server closed the connection P1017', prismaError('P1017', {})],
    ['pool timeout P2024', prismaError('P2024', {})],
    ['pg: connection terminated', new Error('Connection terminated unexpectedly')],
    ['socket refused', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['nested cause', Object.assign(new Error('wrapped'), { cause: Object.assign(new Error('x'), { code: '08006' }) })],
  ])('%s → DATABASE_UNAVAILABLE', (_, e) => expect(unavailable(e)).toBe('DATABASE_UNAVAILABLE'));

  it.each([
    ['ioredis closed', new Error('Connection is closed.')],
    ['ioredis retries exhausted', Object.assign(new Error('Reached the max retries per request limit (which is 1). Refer to "maxRetriesPerRequest" option for details.'), { name: 'MaxRetriesPerRequestError' })],
    ['cluster: no node reachable', new Error('None of startup nodes is available')],
    ['cluster: slots unknown', Object.assign(new Error('Failed to refresh slots cache.'), { name: 'ClusterAllFailedError' })],
    ['cluster: not ready', new Error("Cluster isn't ready and enableOfflineQueue options is false")],
    ['cluster down', Object.assign(new Error('CLUSTERDOWN The cluster is down'), { name: 'ReplyError' })],
  ])('%s → REDIS_UNAVAILABLE', (_, e) => expect(unavailable(e)).toBe('REDIS_UNAVAILABLE'));

  it.each([
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a unique violation', prismaError('P2002', { kind: 'UniqueConstraintViolation' })],
    ['a syntax error', prismaError('P2010', { kind: 'postgres', code: '42601', message: 'syntax error' })],
    ['not an error', 'boom'],
    ['null', null],
  ])('%s → null (a 500 with an errorId)', (_, e) => expect(unavailable(e)).toBeNull());

  it('a cycle of causes does not loop', () => {
    const a: { message: string; cause?: unknown } = { message: 'a' };
    a.cause = a;
    expect(unavailable(a)).toBeNull();
  });
});
