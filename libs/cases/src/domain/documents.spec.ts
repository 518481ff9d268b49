import type { UnitNode } from '#org';
import {
  DOCUMENT_KINDS, BUILTIN_TEMPLATES, documentNumber, fillTemplate, issuingUnit, legalText, unitAbbreviation, unknownPlaceholders,
} from './documents.js';
import { checkAttachmentQuota, checkAttachmentType, cleanFileName, contentDisposition, ATTACHMENT_LIMITS } from './attachments.js';

const unit = (id: string, name: string, level: UnitNode['level'], parentId: string | null = null): UnitNode =>
  ({ id, code: id, name, level, parentId, regionCode: null, isIntake: false });
const units = [
  unit('cd', '常德市市场监督管理局', 'city'),
  unit('wl', '武陵区市场监督管理局', 'county', 'cd'),
  unit('wl-dy', '丹阳市场监管所', 'station', 'wl'),
  unit('cd-xbk', '消保科', 'department', 'cd'),
];

describe('文号', () => {
  it('is the unit abbreviation, the kind, the year and the sequence', () => {
    expect(documentNumber(units[1]!, 'acceptanceNotice', 2026, 12)).toBe('武市监投受〔2026〕12号');
    expect(documentNumber(units[0]!, 'declineNotice', 2027, 1)).toBe('常市监投不受〔2027〕1号');
    expect(unitAbbreviation(units[3]!)).toBe('消保');
  });
  it('a station issues in its county bureau’s name, a department in its bureau’s; bureaus in their own', () => {
    expect(issuingUnit(units, 'wl-dy').id).toBe('wl');
    expect(issuingUnit(units, 'wl').id).toBe('wl');
    expect(issuingUnit(units, 'cd-xbk').id).toBe('cd');
    expect(issuingUnit(units, 'cd').id).toBe('cd');
  });
});

describe('templates', () => {
  it('every built-in template uses only known placeholders', () => {
    for (const k of DOCUMENT_KINDS) expect(unknownPlaceholders(BUILTIN_TEMPLATES[k].body)).toEqual([]);
  });
  it('finds unknown placeholders and fills known ones, missing facts as a dash', () => {
    expect(unknownPlaceholders('{{投诉人}} {{投诉人名}} {{ 被投诉人 }}')).toEqual(['投诉人名']);
    expect(fillTemplate('{{投诉人}}：{{ 被投诉人 }}/{{挽回经济损失}}', { 投诉人: '张三', 被投诉人: '好运电器' })).toBe('张三：好运电器/—');
  });
  it('names the regulation instead of its code', () => {
    expect(legalText('O121 第十六条第（一）项')).toBe('《市场监督管理投诉举报处理办法》第十六条第（一）项');
    expect(legalText('O20 第十五条第（五）项')).toBe('《市场监督管理投诉举报处理暂行办法》第十五条第（五）项');
  });
});

describe('attachments', () => {
  it('allows listed types only, by the sniffed type', () => {
    expect(checkAttachmentType('image/jpeg')).toBe('image/jpeg');
    expect(() => checkAttachmentType(null)).toThrow(expect.objectContaining({ code: 'ATTACHMENT_TYPE_NOT_ALLOWED' }));
    expect(() => checkAttachmentType('application/x-msdownload')).toThrow(expect.objectContaining({ code: 'ATTACHMENT_TYPE_NOT_ALLOWED' }));
    expect(() => checkAttachmentType('text/html')).toThrow();
  });
  it('limits per file, per case bytes and files', () => {
    expect(() => checkAttachmentQuota(ATTACHMENT_LIMITS.fileBytes, { bytes: 0, files: 0 })).not.toThrow();
    expect(() => checkAttachmentQuota(ATTACHMENT_LIMITS.fileBytes + 1, { bytes: 0, files: 0 })).toThrow(expect.objectContaining({ code: 'ATTACHMENT_TOO_LARGE' }));
    expect(() => checkAttachmentQuota(2, { bytes: ATTACHMENT_LIMITS.caseBytes - 1, files: 1 })).toThrow(expect.objectContaining({ code: 'ATTACHMENT_TOO_LARGE' }));
    expect(() => checkAttachmentQuota(1, { bytes: 0, files: ATTACHMENT_LIMITS.caseFiles })).toThrow(expect.objectContaining({ code: 'ATTACHMENT_COUNT_EXCEEDED' }));
    expect(() => checkAttachmentQuota(0, { bytes: 0, files: 0 })).toThrow(expect.objectContaining({ code: 'ATTACHMENT_REQUIRED' }));
  });
  it('keeps a clean name and sends it as UTF-8', () => {
    expect(cleanFileName('C:\\fakepath\\发票\u0007.jpg')).toBe('发票.jpg');
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('')).toBe('未命名文件');
    expect(contentDisposition('发票 "1".pdf', true)).toBe(`inline; filename="__ _1_.pdf"; filename*=UTF-8''${encodeURIComponent('发票 "1".pdf')}`);
  });
});
