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

export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const session = loadSession();
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (session) headers.Authorization = `Bearer ${session.accessToken}`;
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, { code: 'NETWORK', message: '无法连接服务器，请检查网络' });
  }
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
