// The demo scripts' calls to the running API (scripts/demo-plan.ts, scripts/demo-publications.ts): a sign-in, and a
// JSON request whose refusal is thrown with the API's own message.

export async function login(base: string, username: string, password: string): Promise<string> {
  const r = await call<{ accessToken: string }>(base, null, 'POST', '/api/v1/auth/login', { username, password });
  return `Bearer ${r.accessToken}`;
}

export async function call<T = unknown>(base: string, auth: string | null, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(auth ? { authorization: auth } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const payload = (await res.json().catch(() => null)) as { message?: string } | null;
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${payload?.message ?? ''}`.trim());
  return payload as T;
}
