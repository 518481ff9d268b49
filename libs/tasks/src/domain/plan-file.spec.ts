import { PLAN_FILE_MAX_BYTES as CONTRACT_MAX } from '#contracts';
import { InvalidInput } from '#kernel';
import { PLAN_FILE_MAX_BYTES, checkPlanFileSize, decodeUtf8Text, paragraphsToPlanText, planFileKind } from './plan-file.js';
import { parsePlan } from './plan-parser.js';

function issue(fn: () => unknown): { field: string; code: string } {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidInput);
    const [f] = (e as InvalidInput).fields;
    return { field: f.field, code: f.code };
  }
  throw new Error('expected InvalidInput');
}

describe('plan files', () => {
  it('accepts .txt and .docx by extension, any case', () => {
    expect(planFileKind('要点.TXT')).toBe('txt');
    expect(planFileKind('2023年工作要点.docx')).toBe('docx');
  });

  it.each(['要点.doc', '要点.pdf', '要点', '要点.docx.exe', 'docx'])('refuses %s naming file.name', (name) => {
    expect(issue(() => planFileKind(name))).toEqual({ field: 'file.name', code: 'UNSUPPORTED_FILE_TYPE' });
  });

  it('refuses empty and oversized files naming file', () => {
    expect(issue(() => checkPlanFileSize(new Uint8Array(0)))).toEqual({ field: 'file', code: 'EMPTY_FILE' });
    expect(issue(() => checkPlanFileSize(new Uint8Array(PLAN_FILE_MAX_BYTES + 1)))).toEqual({ field: 'file', code: 'FILE_TOO_LARGE' });
    expect(() => checkPlanFileSize(new Uint8Array(PLAN_FILE_MAX_BYTES))).not.toThrow();
    expect(PLAN_FILE_MAX_BYTES).toBe(CONTRACT_MAX);
  });

  it('decodes UTF-8 (dropping a BOM) and refuses GBK, binary and blank content', () => {
    const utf8 = new TextEncoder().encode('\uFEFF一、总体要求\n1.甲（责任单位：办公室）');
    expect(decodeUtf8Text(utf8)).toBe('一、总体要求\n1.甲（责任单位：办公室）');
    // 工作要点 in GBK
    const gbk = Uint8Array.from([0xb9, 0xa4, 0xd7, 0xf7, 0xd2, 0xaa, 0xb5, 0xe3]);
    expect(issue(() => decodeUtf8Text(gbk))).toEqual({ field: 'file', code: 'NOT_UTF8' });
    expect(issue(() => decodeUtf8Text(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00])))).toEqual({ field: 'file', code: 'NOT_TEXT' });
    expect(issue(() => decodeUtf8Text(new TextEncoder().encode(' \n\u3000\n')))).toEqual({ field: 'file', code: 'EMPTY_FILE' });
  });
});

describe('paragraphsToPlanText: Word auto-numbering written back', () => {
  it('numbers level-0 list paragraphs 1., continuing across typed headings', () => {
    const text = paragraphsToPlanText([
      { text: '一、优化环境' },
      { text: '甲事项。(责任单位:办公室)', list: { level: 0, ordered: true } },
      { text: '乙事项。(责任单位:法制科)', list: { level: 0, ordered: true } },
      { text: '二、提升质量' },
      { text: '丙事项。(责任单位:标准化科)', list: { level: 0, ordered: true } },
    ]);
    expect(text).toBe('一、优化环境\n1.甲事项。(责任单位:办公室)\n2.乙事项。(责任单位:法制科)\n二、提升质量\n3.丙事项。(责任单位:标准化科)');
    expect(parsePlan(text).items.map((i) => [i.section, i.number, i.leadUnit])).toEqual([
      ['一', '1', '办公室'], ['一', '2', '法制科'], ['二', '3', '标准化科'],
    ]);
  });

  it('writes level 1 as （n）, restarts it after a level-0 paragraph, and leaves bullets, deeper levels and typed markers alone', () => {
    expect(paragraphsToPlanText([
      { text: '环境', list: { level: 0, ordered: true } },
      { text: '甲', list: { level: 1, ordered: true } },
      { text: '细则', list: { level: 2, ordered: true } },
      { text: '乙', list: { level: 1, ordered: true } },
      { text: '质量', list: { level: 0, ordered: true } },
      { text: '丙', list: { level: 1, ordered: true } },
      { text: '要点', list: { level: 0, ordered: false } },
      { text: '5.已有编号', list: { level: 0, ordered: true } },
    ])).toBe('1.环境\n（1）甲\n细则\n（2）乙\n2.质量\n（1）丙\n要点\n5.已有编号');
  });
});
