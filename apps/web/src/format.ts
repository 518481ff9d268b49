// China time everywhere (Asia/Shanghai, UTC+8, no DST), whatever the browser's zone. The API sends +08:00 strings.
const CHINA_OFFSET_MS = 8 * 3600_000;

/** "2026-11-20T10:15:00.000+08:00" → "2026-11-20 10:15". */
export function fmtTime(iso: string | null | undefined): string {
  if (!iso) return '';
  if (/\+08:00$/.test(iso)) return iso.slice(0, 16).replace('T', ' ');
  return new Date(new Date(iso).getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** Now as "YYYY-MM-DD HH:mm" China time. */
export function chinaNow(): string {
  return new Date(Date.now() + CHINA_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}
export function chinaToday(): string {
  return chinaNow().slice(0, 10);
}

/** "YYYY-MM-DD HH:mm" (China time) → ISO-8601 with +08:00, or null when malformed. */
export function chinaInputToIso(s: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})$/.exec(s.trim());
  if (!m) return null;
  const iso = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:00+08:00`;
  return Number.isNaN(new Date(iso).getTime()) ? null : iso;
}

/** Calendar arithmetic on YYYY-MM-DD strings (UTC-based: no zone can shift a date). */
export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
export function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

export function fmtDate(date: string): string {
  const [y, m, d] = date.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}
const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];
export function fmtDateWeek(date: string): string {
  return `${fmtDate(date)}（周${WEEKDAYS[weekday(date)]}）`;
}

export function fmtMoney(n: number | null | undefined): string {
  return n === null || n === undefined ? '' : `${n.toLocaleString('zh-CN', { minimumFractionDigits: 0, maximumFractionDigits: 2 })} 元`;
}

/** A share (0–1) as a percentage with one decimal (「87.5%」); — when there is none. */
export function pct(v: number | null): string {
  return v === null ? '—' : `${(v * 100).toFixed(1)}%`;
}
