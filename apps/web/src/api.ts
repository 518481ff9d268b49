// The console talks to the API only, through this one client: bearer token, JSON, typed errors.
import type { ApiErrorBody, LoginResponse, SessionUser } from '#contracts';

const SESSION_KEY = 'fangxin.session';

export class ApiError extends Error {
  constructor(readonly status: number, readonly body: ApiErrorBody) {
    super(body.message || `HTTP ${status}`);
  }
  /** Field messages keyed by field path, for showing them in place on a form. */
  fieldMessages(): Record<string, string> {
    return Object.fromEntries((this.body.fields ?? []).map((f) => [f.field, f.message]));
  }
}

export interface Session { accessToken: string; user: SessionUser }

export function loadSession(): Session | null {
  try {
    const raw = localStorage.getItem(SESSION_KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}
export function saveSession(s: Session | null): void {
  if (s) localStorage.setItem(SESSION_KEY, JSON.stringify(s));
  else localStorage.removeItem(SESSION_KEY);
}

let onUnauthorized: () => void = () => {};
export function setUnauthorizedHandler(fn: () => void): void {
  onUnauthorized = fn;
}

export type Query = Record<string, string | number | boolean | readonly string[] | undefined | null>;

export function queryString(q: Query = {}): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) {
      if (v.length) p.set(k, v.join(','));
    } else p.set(k, String(v));
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

/**
 * One Idempotency-Key per submission (issue 11 §6): made when a form is sent, reused by the automatic retries
 * below, and — until it succeeds or is refused — by sending the same form (same path, same content) again, so an
 * operator who retries after a lost answer gets the first result instead of a duplicate.
 */
const openSubmissions = new Map<string, { key: string; at: number }>();
const SUBMISSION_TTL_MS = 10 * 60_000;
const RETRIES = 3;

function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // randomUUID needs a secure context (https or localhost); the console may be served over plain http on a LAN.
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function submissionKey(signature: string): string {
  const now = Date.now();
  for (const [k, v] of openSubmissions) if (now - v.at > SUBMISSION_TTL_MS) openSubmissions.delete(k);
  const open = openSubmissions.get(signature);
  const key = open?.key ?? newKey();
  openSubmissions.set(signature, { key, at: open?.at ?? now });
  return key;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const session = loadSession();
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (session) headers.Authorization = `Bearer ${session.accessToken}`;
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const signature = method === 'POST' && session ? `${path}\n${payload ?? ''}` : null;
  if (signature) headers['Idempotency-Key'] = submissionKey(signature);
  let res: Response | null = null;
  let unsettled = true;
  // Only a keyed submission is retried automatically (no answer, 503, or the first copy still running): the key
  // makes the retry safe.
  for (let attempt = 0; ; attempt++) {
    try {
      res = await fetch(`/api/v1${path}`, { method, headers, body: payload });
      unsettled = res.status >= 500 || (res.status === 409 && (await res.clone().json().catch(() => null))?.code === 'IDEMPOTENCY_IN_PROGRESS');
    } catch {
      res = null;
    }
    if (!signature || !unsettled || attempt >= RETRIES || (res && res.status !== 503 && res.status !== 409)) break;
    await pause(Math.min(5000, (res ? Number(res.headers.get('Retry-After')) * 1000 : 0) || 1000 * (attempt + 1)));
  }
  if (!res) throw new ApiError(0, { code: 'NETWORK', message: '无法连接服务器，请检查网络' });
  // Answered (done or refused): the next sending of this form is a new submission; else it keeps its key.
  if (signature && !unsettled) openSubmissions.delete(signature);
  const text = await res.text();
  const data = text ? JSON.parse(text) : undefined;
  if (!res.ok) {
    if (res.status === 401 && session) onUnauthorized();
    throw new ApiError(res.status, (data as ApiErrorBody) ?? { code: `HTTP_${res.status}`, message: `请求失败（${res.status}）` });
  }
  return data as T;
}

export const get = <T>(path: string, q?: Query) => api<T>('GET', `${path}${queryString(q)}`);
export const post = <T>(path: string, body: unknown = {}) => api<T>('POST', path, body);

export async function login(username: string, password: string): Promise<Session> {
  const r = await post<LoginResponse>('/auth/login', { username, password });
  const s = { accessToken: r.accessToken, user: r.user };
  saveSession(s);
  return s;
}

export function errorText(e: unknown): string {
  return e instanceof ApiError ? e.body.message : e instanceof Error ? e.message : String(e);
}

export const put = <T>(path: string, body: unknown = {}) => api<T>('PUT', path, body);
export const patch = <T>(path: string, body: unknown = {}) => api<T>('PATCH', path, body);
export const del = <T = void>(path: string) => api<T>('DELETE', path);

/** Saves a file the browser receives (Blob) under a name: an object URL on a temporary link. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file the API sends (bearer token, so not a plain link): its bytes and the name from Content-Disposition. */
export async function fetchBlob(path: string, fallbackName = '文件'): Promise<{ blob: Blob; filename: string }> {
  const session = loadSession();
  const res = await fetch(`/api/v1${path}`, { headers: session ? { Authorization: `Bearer ${session.accessToken}` } : {} });
  if (!res.ok) {
    const text = await res.text();
    let body: ApiErrorBody = { code: `HTTP_${res.status}`, message: `下载失败（${res.status}）` };
    try {
      body = JSON.parse(text) as ApiErrorBody;
    } catch {
      /* not JSON */
    }
    throw new ApiError(res.status, body);
  }
  const cd = res.headers.get('Content-Disposition') ?? '';
  const m = /filename\*=UTF-8''([^;]+)/.exec(cd);
  return { blob: await res.blob(), filename: m ? decodeURIComponent(m[1]!) : fallbackName };
}

/** Downloads a file the API renders, e.g. a report's .xlsx. */
export async function download(path: string, fallbackName: string): Promise<void> {
  const f = await fetchBlob(path, fallbackName);
  saveBlob(f.blob, f.filename);
}

/** Sends a multipart form (file uploads); errors as api() gives them. */
export async function upload<T>(path: string, form: FormData): Promise<T> {
  const session = loadSession();
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, { method: 'POST', headers: session ? { Authorization: `Bearer ${session.accessToken}` } : {}, body: form });
  } catch {
    throw new ApiError(0, { code: 'NETWORK', message: '无法连接服务器，请检查网络' });
  }
  const text = await res.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (!res.ok) throw new ApiError(res.status, (data as ApiErrorBody) ?? { code: `HTTP_${res.status}`, message: `上传失败（${res.status}）` });
  return data as T;
}
