import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractTargets, isCollectiveUnitName, parsePlan, type ParsedItem } from './plan-parser.js';

const sample = readFileSync(join(__dirname, '__fixtures__', 'changde-2023-work-points.txt'), 'utf8');

function byNumber(items: ParsedItem[], number: string): ParsedItem {
  const item = items.find((i) => i.number === number);
  if (!item) throw new Error(`no item ${number}`);
  return item;
}

describe('parsePlan: Changde 2023 sample', () => {
  const plan = parsePlan(sample);

  it('finds all 64 numbered items in order', () => {
    expect(plan.items).toHaveLength(64);
    expect(plan.items.map((i) => i.number)).toEqual(Array.from({ length: 64 }, (_, k) => String(k + 1)));
  });

  it('assigns items to the seven 一、 sections', () => {
    const firstOf = (s: string) => plan.items.find((i) => i.section === s)?.number;
    expect(['一', '二', '三', '四', '五', '六', '七'].map(firstOf)).toEqual(['1', '10', '20', '29', '37', '47', '60']);
    expect(byNumber(plan.items, '1').sectionTitle).toBe('聚焦环境优化,大力培育市场主体');
    expect(byNumber(plan.items, '64').section).toBe('七');
  });

  it.each([
    ['1', '市场主体培育专班'],
    ['2', '行政审批办<登记注册科>'],
    ['6', '非公党建科<民营经济发展科>'],
    ['8', '食品生产科<米粉办>'],
    ['19', '药检所'],
    ['34', '食品抽检科'],
    ['44', '消保科<投诉举报办>'],
    ['45', '消保科<投诉举报办>'],
    ['47', '综合行政执法支队'],
    ['56', '食品相关科室'],
    ['60', '信息中心'],
    ['64', '法制科'],
  ])('item %s is led by %s', (number, lead) => {
    expect(byNumber(plan.items, number).leadUnit).toBe(lead);
  });

  it('gives every item a lead that is the first unit of its first clause', () => {
    for (const item of plan.items) {
      expect(item.clauses.length).toBeGreaterThan(0);
      expect(item.leadUnit).toBe(item.clauses[0].units[0]);
    }
  });

  it('keeps co-units as written, with mixed 、 and , separators', () => {
    expect(byNumber(plan.items, '45').clauses).toEqual([{ units: ['消保科<投诉举报办>', '市消保委秘书处'] }]);
    expect(byNumber(plan.items, '46').clauses).toEqual([
      { units: ['消保科<投诉举报办>', '市消保委秘书处', '各区县市消保委'] },
    ]);
    expect(byNumber(plan.items, '63').clauses[0].units).toHaveLength(7);
  });

  it('strips responsibility clauses from item text and drops the closing remarks', () => {
    for (const item of plan.items) expect(item.text).not.toMatch(/责任单位/);
    expect(byNumber(plan.items, '45').text).toMatch(/^持续推进12315投诉举报行政执法体系建设/);
    expect(byNumber(plan.items, '45').text).toMatch(/有效服务市场监管执法。$/);
    expect(byNumber(plan.items, '64').text).not.toMatch(/上述工作|所有市场监管业务性工作/);
  });

  it('does not mistake 3.15 or 4.26 inside text for item numbers', () => {
    expect(byNumber(plan.items, '46').text).toMatch(/开展3\.15国际消费者权益日活动。$/);
    expect(byNumber(plan.items, '28').text).toBe('组织开展好4.26知识产权宣传周活动。');
  });

  it('extracts quantitative targets', () => {
    expect(byNumber(plan.items, '1').targets[0]).toEqual({ text: '全市净增市场主体5万户', comparator: 'gte', value: 5, unit: '万户' });
    expect(byNumber(plan.items, '1').targets).toContainEqual({
      text: '新增国省级专精特新企业40家以上', comparator: 'gte', value: 40, unit: '家',
    });
    expect(byNumber(plan.items, '2').targets).toEqual([
      { text: '企业开办网办率达到97%', comparator: 'gte', value: 97, unit: '%' },
      { text: '注销网办率达到85%', comparator: 'gte', value: 85, unit: '%' },
    ]);
    expect(byNumber(plan.items, '9').targets.map((t) => [t.value, t.unit])).toEqual([[50, '亿元'], [1.5, '亿元']]);
    expect(byNumber(plan.items, '23').targets).toContainEqual({
      text: '参与专利转移转化的中小企业超过100家', comparator: 'gt', value: 100, unit: '家',
    });
    expect(byNumber(plan.items, '43').targets).toEqual([
      { text: '全年完成广告监测10000条次以上', comparator: 'gte', value: 10000, unit: '条次' },
    ]);
    // scope counts are not targets: 推动9个区县(市)…, 选取2个区县(市)…
    expect(byNumber(plan.items, '11').targets).toEqual([]);
    expect(byNumber(plan.items, '48').targets).toEqual([]);
  });

  it('lists each unit name once, as written', () => {
    expect(plan.unitNames).toContain('消保科<投诉举报办>');
    expect(plan.unitNames).toContain('各县级局');
    expect(new Set(plan.unitNames).size).toBe(plan.unitNames.length);
    expect(plan.unitNames).toHaveLength(50);
  });
});

describe('parsePlan: other layouts', () => {
  it('reads （一）-style items under 一、 sections, several clauses, notes and nested brackets', () => {
    const plan = parsePlan(
      [
        '2024年全省市场监管工作要点',
        '一、优化营商环境。',
        '（一）深化商事制度改革。企业开办网办率达到97%以上。（责任处室：登记注册处、行政审批处，若工作涉及多个处室的,列第一的为牵头责任处室）',
        '（二）加强信用监管。（牵头单位：信用监管处；配合单位：执法稽查局、各区县（市）市场监管局）',
        '二、守牢安全底线',
        '(一)食品安全。做好抽检（责任单位：食品抽检处）；做好快检（责任单位：食品经营处、各区县（市、区）市场监管局）。',
      ].join('\n'),
    );
    expect(plan.items.map((i) => [i.section, i.number, i.leadUnit])).toEqual([
      ['一', '一', '登记注册处'],
      ['一', '二', '信用监管处'],
      ['二', '一', '食品抽检处'],
    ]);
    const [first, second, third] = plan.items;
    expect(first.sectionTitle).toBe('优化营商环境');
    expect(first.clauses).toEqual([
      { units: ['登记注册处', '行政审批处'], note: '若工作涉及多个处室的,列第一的为牵头责任处室' },
    ]);
    expect(first.text).toBe('深化商事制度改革。企业开办网办率达到97%以上。');
    expect(second.clauses).toEqual([
      { units: ['信用监管处'] },
      { units: ['执法稽查局', '各区县（市）市场监管局'] },
    ]);
    expect(third.clauses).toEqual([
      { units: ['食品抽检处'] },
      { units: ['食品经营处', '各区县（市、区）市场监管局'] },
    ]);
    expect(third.text).toBe('食品安全。做好抽检；做好快检。');
    expect(plan.unitNames).toContain('各区县（市、区）市场监管局');
  });

  it('accepts bracket, colon and separator variants', () => {
    const plan = parsePlan(
      [
        '1．事项甲。（责任单位：甲科，乙科）',
        '2、事项乙。(责任单位:丙科;丁科)',
        '3. 事项丙。【责任单位：戊科；己科】',
        '4.事项丁。（ 责任单位 ： 庚科  辛科、壬科；癸科）',
        '５．事项戊。（责任单位：消保科＜投诉举报办＞、各区县(市)局,相关科室等）',
      ].join('\n'),
    );
    expect(plan.items.map((i) => [i.section, i.number, i.clauses[0].units])).toEqual([
      [null, '1', ['甲科', '乙科']],
      [null, '2', ['丙科', '丁科']],
      [null, '3', ['戊科', '己科']],
      [null, '4', ['庚科', '辛科', '壬科', '癸科']],
      [null, '5', ['消保科＜投诉举报办＞', '各区县(市)局', '相关科室']],
    ]);
    expect(plan.items.map((i) => i.text)).toEqual(['事项甲。', '事项乙。', '事项丙。', '事项丁。', '事项戊。']);
  });

  it('joins item text spanning lines and skips preamble and closing remarks', () => {
    const plan = parsePlan(
      [
        '主要任务是：',
        '1.第一项工作，',
        '3.15前完成宣传。',
        '',
        '（责任单位：消保科<投诉举报办>、',
        '市消保委秘书处）',
        '2.第二项工作。',
        '责任单位：甲科、乙科',
        '上述工作中涉及多个责任单位的，排第一的为牵头单位。',
      ].join('\r\n'),
    );
    expect(plan.items).toHaveLength(2);
    expect(plan.items[0]).toMatchObject({
      number: '1',
      text: '第一项工作，3.15前完成宣传。',
      leadUnit: '消保科<投诉举报办>',
      clauses: [{ units: ['消保科<投诉举报办>', '市消保委秘书处'] }],
    });
    expect(plan.items[1]).toMatchObject({ text: '第二项工作。', leadUnit: '甲科', clauses: [{ units: ['甲科', '乙科'] }] });
  });

  it('honours an explicit 牵头 label or mark over position', () => {
    const plan = parsePlan(
      ['1.甲事项。（责任单位：乙科、甲科（牵头））', '2.乙事项。（配合单位：乙科；牵头单位：丙科）'].join('\n'),
    );
    expect(plan.items[0].leadUnit).toBe('甲科');
    expect(plan.items[0].clauses).toEqual([{ units: ['乙科', '甲科'] }]);
    expect(plan.items[1].leadUnit).toBe('丙科');
  });

  it('does not take a 配合单位 clause as the lead when a 责任单位 clause follows', () => {
    const plan = parsePlan('1.事项。（配合单位：乙科）（责任单位：甲科）');
    expect(plan.items[0].leadUnit).toBe('甲科');
    expect(plan.items[0].clauses).toEqual([{ units: ['乙科'] }, { units: ['甲科'] }]);
  });

  it('does not read unit names starting like a note word as notes', () => {
    const plan = parsePlan('1.事项。（责任单位：注册科、如东县市场监管局、第一分局）');
    expect(plan.items[0].clauses).toEqual([{ units: ['注册科', '如东县市场监管局', '第一分局'] }]);
  });

  it('keeps a bracketed note at the end of a clause apart from the unit names', () => {
    const plan = parsePlan('1.事项。（责任单位：甲科、乙科（排名第一的为牵头单位））');
    expect(plan.items[0].clauses).toEqual([{ units: ['甲科', '乙科'], note: '排名第一的为牵头单位' }]);
  });

  it('treats 一、 lines as items when no deeper numbering exists', () => {
    const plan = parsePlan('一、甲事项。（责任单位：甲科）\n二、乙事项。（责任单位：乙科、丙科）');
    expect(plan.items.map((i) => [i.section, i.number, i.leadUnit])).toEqual([
      [null, '一', '甲科'],
      [null, '二', '乙科'],
    ]);
  });

  it('skips heading levels between sections and items and folds sub-points into items', () => {
    const plan = parsePlan(
      [
        '一、监管执法',
        '（一）食品领域',
        '1.开展专项整治：',
        '（1）校园周边；',
        '（2）农村市场。（责任单位：食品经营科）',
        '2.完成抽检不低于4000批次。（责任单位：食品抽检科）',
        '（二）药品领域',
        '1.药品流通检查。（责任单位：药品流通科）',
      ].join('\n'),
    );
    expect(plan.items.map((i) => [i.section, i.number, i.leadUnit])).toEqual([
      ['一', '1', '食品经营科'],
      ['一', '2', '食品抽检科'],
      ['一', '1', '药品流通科'],
    ]);
    expect(plan.items[0].text).toBe('开展专项整治：（1）校园周边；（2）农村市场。');
    expect(plan.items[1].targets).toEqual([{ text: '完成抽检不低于4000批次', comparator: 'gte', value: 4000, unit: '批次' }]);
  });

  it('tolerates an unclosed clause and items without any clause', () => {
    const plan = parsePlan('1.甲事项。\n2.乙事项。（责任单位：甲科、乙科');
    expect(plan.items[0]).toMatchObject({ leadUnit: null, clauses: [] });
    expect(plan.items[1]).toMatchObject({ text: '乙事项。', leadUnit: '甲科', clauses: [{ units: ['甲科', '乙科'] }] });
  });

  it('returns nothing for text without numbered items', () => {
    expect(parsePlan('')).toEqual({ items: [], unitNames: [] });
    expect(parsePlan('只有一段说明文字。')).toEqual({ items: [], unitNames: [] });
  });
});

describe('extractTargets', () => {
  it.each([
    ['力争企业开办网办率达到97%', { text: '企业开办网办率达到97%', comparator: 'gte', value: 97, unit: '%' }],
    ['抽检合格率不低于98.5%', { text: '抽检合格率不低于98.5%', comparator: 'gte', value: 98.5, unit: '%' }],
    ['投诉按期办结率不少于95%', { text: '投诉按期办结率不少于95%', comparator: 'gte', value: 95, unit: '%' }],
    ['不合格发现率不超过3%', { text: '不合格发现率不超过3%', comparator: 'lte', value: 3, unit: '%' }],
    ['办理时限控制在7个工作日以内', { text: '办理时限控制在7个工作日以内', comparator: 'lte', value: 7, unit: '个工作日' }],
    ['投诉处理时长控制在15天以下', { text: '投诉处理时长控制在15天以下', comparator: 'lte', value: 15, unit: '天' }],
    ['开办时间压缩至2天', { text: '开办时间压缩至2天', comparator: 'lte', value: 2, unit: '天' }],
    ['中小企业超过100家', { text: '中小企业超过100家', comparator: 'gt', value: 100, unit: '家' }],
    ['事故发生率低于1‰', { text: '事故发生率低于1‰', comparator: 'lt', value: 1, unit: '‰' }],
    ['培训1.5万人次左右', { text: '培训1.5万人次左右', comparator: 'eq', value: 1.5, unit: '万人次' }],
    ['确保净增市场主体５万户', { text: '净增市场主体５万户', comparator: 'gte', value: 5, unit: '万户' }],
    ['网办率达到９７％', { text: '网办率达到９７％', comparator: 'gte', value: 97, unit: '%' }],
    ['广告监测10,000条次以上', { text: '广告监测10,000条次以上', comparator: 'gte', value: 10000, unit: '条次' }],
    ['市场占有率提高2个百分点', { text: '市场占有率提高2个百分点', comparator: 'gte', value: 2, unit: '个百分点' }],
  ])('%s', (text, target) => {
    expect(extractTargets(text)).toEqual([target]);
  });

  it('ignores scope counts, dates, titles and decimals in names', () => {
    expect(extractTargets('选取2个区县(市)推进示范建设')).toEqual([]);
    expect(extractTargets('落实《2023年3个专项行动方案》要求')).toEqual([]);
    expect(extractTargets('组织开展好4.26知识产权宣传周活动,开展3.15活动')).toEqual([]);
    expect(extractTargets('在6月30日前完成')).toEqual([]);
  });

  it('keeps every target of an enumeration', () => {
    expect(extractTargets('发明专利申请量2000件以上、授权量1000件以上,其中规模工业企业100家以上').map((t) => t.text)).toEqual([
      '发明专利申请量2000件以上',
      '授权量1000件以上',
      '规模工业企业100家以上',
    ]);
  });
});

describe('isCollectiveUnitName', () => {
  it('flags names that stand for several units', () => {
    expect(isCollectiveUnitName('各区县（市）市场监管局')).toBe(true);
    expect(isCollectiveUnitName('相关科室')).toBe(true);
    expect(isCollectiveUnitName('消保科<投诉举报办>')).toBe(false);
  });
});
