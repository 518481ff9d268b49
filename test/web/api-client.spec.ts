// The console's API client (apps/web/src/api.ts): one Idempotency-Key per form submission, kept by its automatic
// retries and by sending the same form again until it is answered (issue 11 §6).

// The client is type-checked with the console (DOM lib, apps/web/tsconfig.json); loaded by path so that this
// program (Node lib) does not compile it.
interface WebApi {
  ApiError: new (...a: never[]) => Error;
  post<T>(path: string, body?: unknown): Promise<T>;
  get<T>(path: string): Promise<T>;
  saveSession(s: unknown): void;
}
const WEB_API = '../../apps/web/src/api.js';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ApiError, post, get, saveSession } = require(WEB_API) as WebApi;

type Call = { url: string; method: string; key: string | undefined };
let calls: Call[] = [];
let answers: (() => Response)[] = [];

const json = (status: number, body: unknown, headers: Record<string, string> = {}) => () =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
const down = () => { throw new TypeError('fetch failed'); };

beforeAll(() => {
  const store = new Map<string, string>();
  (globalThis as { localStorage?: unknown }).localStorage = {
    getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v), removeItem: (k: string) => void store.delete(k),
  };
  globalThis.fetch = (async (url: string, init: RequestInit) => {
    calls.push({ url, method: init.method ?? 'GET', key: (init.headers as Record<string, string>)['Idempotency-Key'] });
    const next = answers.shift();
    if (!next) throw new Error('no answer scripted');
    return next();
  }) as typeof fetch;
  saveSession({ accessToken: 't', user: { id: 'u', username: 'operator', displayName: '话务员', role: 'operator', unit: { id: 'x', code: 'x', name: 'x' } } });
});
beforeEach(() => {
  calls = [];
  answers = [];
  jest.useFakeTimers();
});
afterEach(() => jest.useRealTimers());

/** Runs a request to its end, letting the client's retry pauses pass. */
async function settle<T>(p: Promise<T>): Promise<T> {
  const caught = p.catch((e: unknown) => e);
  await jest.advanceTimersByTimeAsync(60_000);
  const r = await caught;
  if (r instanceof Error) throw r;
  return r as T;
}

describe('console API client: Idempotency-Key', () => {
  it('sends a UUID key with a POST and keeps it across automatic retries (no answer, 503, in progress)', async () => {
    answers = [down, json(503, { code: 'DATABASE_UNAVAILABLE' }, { 'Retry-After': '2' }), json(409, { code: 'IDEMPOTENCY_IN_PROGRESS' }, { 'Retry-After': '1' }), json(201, { id: 'c1' })];
    expect(await settle(post('/cases', { a: 1 }))).toEqual({ id: 'c1' });
    expect(calls).toHaveLength(4);
    expect(calls[0]!.key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(calls.map((c) => c.key)).size).toBe(1);
  });

  it('a new submission of the same form after a success gets a new key', async () => {
    answers = [json(201, { id: 'c1' }), json(201, { id: 'c2' })];
    await settle(post('/cases', { same: true }));
    await settle(post('/cases', { same: true }));
    expect(calls[0]!.key).not.toBe(calls[1]!.key);
  });

  it('the operator sending the same form again after it went unanswered reuses its key; a refusal frees it', async () => {
    answers = Array.from({ length: 4 }, () => down);
    await expect(settle(post('/cases', { retried: 1 }))).rejects.toMatchObject({ status: 0, body: { code: 'NETWORK' } });
    answers = [json(201, { id: 'c3' })];
    await settle(post('/cases', { retried: 1 }));
    expect(new Set(calls.map((c) => c.key)).size).toBe(1);
    // …a different form is another submission
    answers = [json(400, { code: 'VALIDATION_FAILED', message: '输入有误' }), json(201, { id: 'c4' })];
    await expect(settle(post('/cases', { retried: 2 }))).rejects.toBeInstanceOf(ApiError);
    await settle(post('/cases', { retried: 2 }));
    expect(calls.at(-1)!.key).not.toBe(calls.at(-2)!.key);
    expect(calls.at(-2)!.key).not.toBe(calls[0]!.key);
  });

  it('a 409 that is not "in progress" is not retried; GETs carry no key and are not retried', async () => {
    answers = [json(409, { code: 'INVALID_TRANSITION', message: '状态不允许' })];
    await expect(settle(post('/cases/x/sign', {}))).rejects.toMatchObject({ status: 409 });
    answers = [json(503, { code: 'DATABASE_UNAVAILABLE' })];
    await expect(settle(get('/cases'))).rejects.toMatchObject({ status: 503 });
    expect(calls.map((c) => [c.method, c.key === undefined])).toEqual([['POST', false], ['GET', true]]);
  });
});
