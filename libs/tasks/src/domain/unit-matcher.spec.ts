import { matchUnitNames, normalizeUnitName, type DirectoryUnit } from './unit-matcher.js';

const directory: DirectoryUnit[] = [
  { id: 'u-consumer', name: '消费者权益保护科', aliases: ['消保科<投诉举报办>'] },
  { id: 'u-register', name: '登记注册科', aliases: ['行政审批办'] },
  { id: 'u-rice', name: '食品生产科<米粉办>', aliases: [] },
  { id: 'u-law', name: '综合行政执法支队', aliases: ['执法支队'] },
  { id: 'u-county', name: '各区县（市）市场监管局', aliases: [] },
  { id: 'u-a', name: '甲中心', aliases: ['中心'] },
  { id: 'u-b', name: '乙中心', aliases: ['中心'] },
];

describe('matchUnitNames', () => {
  it('matches by exact name', () => {
    expect(matchUnitNames(['综合行政执法支队'], directory)).toEqual({
      matched: { 综合行政执法支队: 'u-law' },
      unmatched: [],
    });
  });

  it('matches by alias, including a 主名<别名> alias written whole', () => {
    expect(matchUnitNames(['执法支队', '消保科<投诉举报办>'], directory).matched).toEqual({
      执法支队: 'u-law',
      '消保科<投诉举报办>': 'u-consumer',
    });
  });

  it('matches either part of a 主名<别名> name', () => {
    const { matched, unmatched } = matchUnitNames(
      ['投诉举报办', '消保科', '米粉办', '食品生产科', '行政审批办<登记注册科>'],
      directory,
    );
    expect(matched).toEqual({
      投诉举报办: 'u-consumer',
      消保科: 'u-consumer',
      米粉办: 'u-rice',
      食品生产科: 'u-rice',
      '行政审批办<登记注册科>': 'u-register',
    });
    expect(unmatched).toEqual([]);
  });

  it('ignores full/half-width punctuation and whitespace', () => {
    const { matched } = matchUnitNames(['消保科＜投诉举报办＞', ' 各区县(市)市场监管局 ', '综合行政 执法支队'], directory);
    expect(matched).toEqual({
      '消保科＜投诉举报办＞': 'u-consumer',
      ' 各区县(市)市场监管局 ': 'u-county',
      '综合行政 执法支队': 'u-law',
    });
  });

  it('reports unknown and ambiguous names once, in order', () => {
    expect(matchUnitNames(['相关科室', '中心', '相关科室', '执法支队'], directory)).toEqual({
      matched: { 执法支队: 'u-law' },
      unmatched: ['相关科室', '中心'],
    });
  });

  it('prefers a unit name over another unit alias', () => {
    const dir: DirectoryUnit[] = [
      { id: 'x', name: '价监科', aliases: [] },
      { id: 'y', name: '价格监督检查和反不正当竞争科', aliases: ['价监科'] },
    ];
    expect(matchUnitNames(['价监科'], dir).matched).toEqual({ 价监科: 'x' });
  });
});

describe('normalizeUnitName', () => {
  it('folds widths, angle brackets and spaces', () => {
    expect(normalizeUnitName('消保科〈投诉举报办〉')).toBe('消保科<投诉举报办>');
    expect(normalizeUnitName('各区县（市） 市场监管局')).toBe('各区县(市)市场监管局');
  });
});
