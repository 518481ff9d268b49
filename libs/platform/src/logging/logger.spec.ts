import { Writable } from 'node:stream';
import { createLogger, PinoNestLogger, safeError } from './logger.js';

const capture = () => {
  const out: string[] = [];
  const stream = new Writable({ write(c, _e, done) { out.push(String(c)); done(); } });
  return { out, logger: createLogger('info', stream) };
};
const HASH = '$argon2id$v=19$m=19456,t=2,p=1$u1UVXWkT1SemaCEWpGOFUg$wQ1tiE6eSubod28Vh1MJzl1kZJOcrwTDyVd+TG9WwgA';

describe('log redaction', () => {
  it('censors secret keys at any of the first levels and whole request bodies', () => {
    const { out, logger } = capture();
    logger.info({
      req: { headers: { authorization: 'Bearer abc.def.ghi', cookie: 's=1' }, body: { x: 1 } },
      user: { passwordHash: 'h', password: 'p', name: '张三' }, dto: { complainant: { phone: '13712346728' } }, token: 't',
    }, 'hello');
    const line = JSON.parse(out[0]!);
    expect(line.req.headers).toEqual({ authorization: '[REDACTED]', cookie: '[REDACTED]' });
    expect(line.req.body).toBe('[REDACTED]');
    expect(line.user).toEqual({ passwordHash: '[REDACTED]', password: '[REDACTED]', name: '张三' });
    expect(line.dto.complainant.phone).toBe('[REDACTED]');
    expect(line.token).toBe('[REDACTED]');
  });

  it('scrubs hashes, tokens, mobile and ID numbers from any text of a line', () => {
    const { out, logger } = capture();
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
    logger.warn(`user hash ${HASH}; token ${jwt}; header Basic b3BlcmF0b3I6ZGVtbzEyMzE1; call 13712346728; id 430702199001011234; case 2026-000123`);
    const msg = JSON.parse(out[0]!).msg as string;
    expect(msg).not.toContain('argon2');
    expect(msg).not.toContain(jwt);
    expect(msg).not.toContain('b3BlcmF0b3I6ZGVtbzEyMzE1');
    expect(msg).toContain('137****6728');
    expect(msg).toContain('430702********1234');
    expect(msg).toContain('2026-000123');
  });

  it('scrubs the proofs of a public tracking URL (query code, SMS code, token)', () => {
    const { out, logger } = capture();
    logger.warn('GET /api/v1/public/cases/202600000001?phone=13712346728&queryCode=AB23CD45&token=abc.def GET ?smsCode=123456');
    const msg = JSON.parse(out[0]!).msg as string;
    expect(msg).not.toMatch(/AB23CD45|abc\.def|123456/);
    expect(msg).toContain('queryCode=[REDACTED]');
    expect(msg).toContain('202600000001');
  });

  it('keeps only the reason of a Prisma error, never the quoted call', () => {
    const err = new Error(`\nInvalid \`prisma.user.update()\` invocation:\n\n{ data: { passwordHash: "${HASH}", active: null } }\n\nArgument \`active\` must not be null.`);
    err.name = 'PrismaClientValidationError';
    const safe = safeError(err);
    expect(safe.message).toBe('Argument `active` must not be null.');
    expect(String(safe.stack)).not.toContain('passwordHash');
    const { out, logger } = capture();
    new PinoNestLogger(logger).error({ errorId: 'e1', err });
    expect(out.join('')).not.toMatch(/passwordHash|argon2|invocation/);
    expect(out.join('')).toContain('must not be null');
  });
});

describe('request id on log lines', () => {
  it('adds the current request id to every line written in its context, and nothing outside it', async () => {
    const { withRequestId } = await import('../observability/request-context.js');
    const lines: Record<string, unknown>[] = [];
    const out = new Writable({ write(c, _e, done) { lines.push(JSON.parse(String(c))); done(); } });
    const log = createLogger('info', out);
    log.info('outside');
    await withRequestId('req-42', async () => {
      log.info('inside');
      await new Promise((r) => setTimeout(r, 1));
      new PinoNestLogger(log).log({ msg: 'after an await', deadlineId: 'd1' }, 'deadlines');
    });
    expect(lines.map((l) => [l.msg, l.requestId])).toEqual([['outside', undefined], ['inside', 'req-42'], ['after an await', 'req-42']]);
    expect(lines[2]).toMatchObject({ context: 'deadlines', deadlineId: 'd1' });
  });
});
