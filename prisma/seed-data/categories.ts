/**
 * The complaint classification of the China Consumers Association (中国消费者协会, 中消协) used in the
 * national 12315 statistics: 10 goods classes and 14 services classes (domain.md §7), each with a few
 * second-level subcategories, plus the 12 problem types (问题类别).
 *
 * Codes: top level `G01`..`G10` (goods) and `S01`..`S14` (services); a subcategory is `<parent>-NN`
 * (e.g. `G01-03`). Routing rules match categories by prefix, so a rule on `G07` covers all of `G07-xx`.
 *
 * Pure data: no database or framework imports; the seed script writes these rows.
 */

export type CategoryKind = 'goods' | 'services';

export interface CategorySeed {
  code: string;
  name: string;
  kind: CategoryKind;
  parentCode: string | null;
  sortOrder: number;
}

export interface ProblemTypeSeed {
  code: string;
  name: string;
}

interface TopLevel {
  code: string;
  name: string;
  children: string[];
}

const GOODS: TopLevel[] = [
  {
    code: 'G01',
    name: '家用电子电器类',
    children: ['手机及通讯器材', '电视机及影音设备', '空调器具', '冰箱及洗衣机', '热水器及厨卫电器', '小家电'],
  },
  { code: 'G02', name: '服装鞋帽类', children: ['服装', '鞋', '帽子及服饰配件', '童装童鞋'] },
  { code: 'G03', name: '交通工具类', children: ['汽车', '汽车零部件及用品', '电动自行车', '摩托车'] },
  {
    code: 'G04',
    name: '日用商品类',
    children: ['化妆品', '洗涤及卫生用品', '家具', '厨具及日用杂品', '儿童用品'],
  },
  { code: 'G05', name: '房屋及建材类', children: ['商品房', '装饰装修材料', '卫浴洁具', '门窗及地板'] },
  {
    code: 'G06',
    name: '首饰及文体用品类',
    children: ['金银珠宝首饰', '钟表眼镜', '文具及图书', '体育健身器材', '玩具'],
  },
  {
    code: 'G07',
    name: '食品类',
    children: ['粮油及米粉制品', '肉禽蛋及水产品', '乳制品', '预包装休闲食品', '保健食品', '蔬菜水果'],
  },
  { code: 'G08', name: '烟酒和饮料类', children: ['白酒', '啤酒及葡萄酒', '饮料及饮用水', '茶叶', '卷烟'] },
  { code: 'G09', name: '医药及医疗用品类', children: ['药品', '医疗器械', '计生及保健用品'] },
  { code: 'G10', name: '农用生产资料类', children: ['种子种苗', '化肥', '农药', '农机具', '饲料及兽药'] },
];

const SERVICES: TopLevel[] = [
  {
    code: 'S01',
    name: '生活、社会服务类',
    children: ['餐饮服务', '美容美发', '洗涤染色', '家政服务', '住宿服务', '家电及日用品维修'],
  },
  { code: 'S02', name: '教育培训服务', children: ['文化课培训', '职业技能培训', '驾驶员培训', '艺术体育培训'] },
  {
    code: 'S03',
    name: '销售服务',
    children: ['商场超市销售服务', '会员及预付卡', '上门及会议推销', '二手商品交易'],
  },
  {
    code: 'S04',
    name: '互联网服务',
    children: ['网络购物', '网络直播销售', '网络游戏服务', '在线团购及外卖平台', '网约车及共享出行'],
  },
  { code: 'S05', name: '房屋装修及物业服务', children: ['家庭装修', '物业服务', '房屋中介'] },
  {
    code: 'S06',
    name: '文化、娱乐、体育服务',
    children: ['健身服务', '电影演出', '游乐场所', '歌舞娱乐场所', '体育场馆'],
  },
  { code: 'S07', name: '金融服务', children: ['银行卡服务', '消费信贷', '理财及投资咨询'] },
  { code: 'S08', name: '电信服务', children: ['移动电话服务', '宽带及固定电话', '增值电信服务'] },
  { code: 'S09', name: '邮政业服务', children: ['快递服务', '邮政普遍服务', '同城配送'] },
  { code: 'S10', name: '旅游服务', children: ['旅行社服务', '景区服务', '在线旅游服务'] },
  { code: 'S11', name: '卫生保健服务', children: ['医疗美容', '口腔医疗服务', '养生保健及足浴', '体检服务'] },
  { code: 'S12', name: '保险服务', children: ['人身保险', '财产保险', '机动车辆保险'] },
  { code: 'S13', name: '公共设施服务', children: ['供水服务', '供电服务', '燃气供应服务', '有线电视服务'] },
  { code: 'S14', name: '农业生产技术服务', children: ['农机作业服务', '植保飞防服务', '农技指导及测土配肥'] },
];

function expand(tops: TopLevel[], kind: CategoryKind, offset: number): CategorySeed[] {
  const rows: CategorySeed[] = [];
  tops.forEach((top, i) => {
    rows.push({ code: top.code, name: top.name, kind, parentCode: null, sortOrder: offset + i + 1 });
    top.children.forEach((name, j) => {
      rows.push({
        code: `${top.code}-${String(j + 1).padStart(2, '0')}`,
        name,
        kind,
        parentCode: top.code,
        sortOrder: j + 1,
      });
    });
  });
  return rows;
}

/** Top-level rows come first (parents before children within each class), so inserting in order is safe. */
export const CATEGORIES: CategorySeed[] = [...expand(GOODS, 'goods', 0), ...expand(SERVICES, 'services', GOODS.length)];

/** 问题类别 of the 12315 statistics (domain.md §7). */
export const PROBLEM_TYPES: ProblemTypeSeed[] = [
  { code: 'P01', name: '质量' },
  { code: 'P02', name: '售后服务' },
  { code: 'P03', name: '合同' },
  { code: 'P04', name: '食品安全' },
  { code: 'P05', name: '广告' },
  { code: 'P06', name: '价格' },
  { code: 'P07', name: '安全' },
  { code: 'P08', name: '计量' },
  { code: 'P09', name: '假冒' },
  { code: 'P10', name: '虚假宣传' },
  { code: 'P11', name: '人格尊严' },
  { code: 'P12', name: '其他' },
];

/** Codes of the subcategories (the leaves a case is normally filed under). */
export const LEAF_CATEGORY_CODES: string[] = CATEGORIES.filter((c) => c.parentCode !== null).map((c) => c.code);
