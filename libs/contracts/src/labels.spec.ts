// Every user-facing text is Chinese: the label maps, the legal grounds, the hand-off rules and the seeded legal bases
// name the regulations in full and never show an internal code (O121, O20, RCF, LOCAL, field or step names).
import * as labels from './labels.js';
import { FIELD_LABELS, chinaDateTimeText, citeLaws, fieldLabel, fieldMessage } from './labels.js';
import { declineGrounds, terminateGrounds } from '../../cases/src/domain/grounds.js';
import { RULES } from '../../cases/src/domain/handoffs.js';
import { TIME_LIMITS } from '../../../prisma/seed-data/time-limits.js';

const REGIME_CODE = /\b(O121|O20|RCF|LOCAL)\b/;
/** Latin letters, except the ones Chinese texts legitimately use (12315/12345 hotlines are digits). */
const LATIN = /[A-Za-z]/;

describe('no internal code reaches a user', () => {
  const maps = Object.entries(labels).filter(([, v]) => v && typeof v === 'object' && !Array.isArray(v)) as [string, Record<string, unknown>][];

  it('finds the label maps', () => {
    expect(maps.length).toBeGreaterThan(20);
  });

  it.each(maps.map(([name, m]) => [name, m] as const))('%s has only Chinese values', (_name, m) => {
    for (const v of Object.values(m)) if (typeof v === 'string') expect(v).not.toMatch(LATIN);
  });

  it('legal grounds and hand-off rules cite the regulations by name', () => {
    for (const regime of ['O20', 'O121'] as const)
      for (const g of [...declineGrounds(regime), ...terminateGrounds(regime)]) expect(`${g.article}${g.text}`).not.toMatch(REGIME_CODE);
    for (const r of Object.values(RULES)) expect(r).not.toMatch(REGIME_CODE);
  });

  it('seeded time limits cite the regulations by name', () => {
    for (const p of TIME_LIMITS) {
      expect(p.legalBasis).not.toMatch(REGIME_CODE);
      expect(p.extensionBasis ?? '').not.toMatch(REGIME_CODE);
    }
  });

  it('citeLaws writes out texts stored with codes', () => {
    expect(citeLaws('RCF 第十八条；O121 第二十七条：核查')).toBe('《市场监督管理行政处罚程序规定》第十八条；《市场监督管理投诉举报处理办法》第二十七条：核查');
    expect(citeLaws('本局规定（O121 第四十一条）')).toBe('本局规定（《市场监督管理投诉举报处理办法》第四十一条）');
    expect(citeLaws('O20 第三十一条')).toBe('《市场监督管理投诉举报处理暂行办法》第三十一条');
  });

  it('field names in messages are Chinese', () => {
    expect(fieldMessage('regionPrefix', '不能为空')).toBe('区划代码前缀：不能为空');
    expect(fieldLabel('ladder[2].offset')).toBe('预警督办阶梯第3项的时点');
    expect(fieldMessage('zzz', '格式不正确')).toBe('格式不正确');
    for (const [k, v] of Object.entries(FIELD_LABELS)) expect(`${k}=${v}`).not.toMatch(/=.*[A-Za-z]/);
  });

  it('times are written in Beijing time as people write them', () => {
    expect(chinaDateTimeText('2026-12-04T12:15:00.000Z')).toBe('2026年12月4日 20:15');
    expect(chinaDateTimeText('2026-12-04T20:15:00.000+08:00')).toBe('2026年12月4日 20:15');
  });
});
