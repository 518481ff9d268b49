/**
 * Deterministic generators of realistic demo data for the 常德 demo city: people, phone numbers, addresses,
 * businesses (with valid 统一社会信用代码) and complaint texts.
 *
 * Every generator takes the random source `rand: () => number` (values in [0, 1)) as its first argument and
 * uses nothing else, so a fixed seed of {@link mulberry32} always yields the same data set.
 *
 * Pure data and arithmetic: no database or framework imports.
 */
import { CATEGORIES, PROBLEM_TYPES } from './categories.js';
import { DEMO_CITY, DEMO_DISTRICTS, type DemoDistrict, type Township } from './demo-city.js';

import { checkCreditCode, creditCodeCheckChar as domainCheckChar } from '#cases';

export type Rand = () => number;

// ---------------------------------------------------------------------------------------------------------
// Random helpers
// ---------------------------------------------------------------------------------------------------------

/** Small, fast 32-bit PRNG (mulberry32). Same seed → same sequence, on every platform. */
export function mulberry32(seed: number): Rand {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Integer in [min, max], both included. */
export function randInt(rand: Rand, min: number, max: number): number {
  return min + Math.floor(rand() * (max - min + 1));
}

export function pick<T>(rand: Rand, items: readonly T[]): T {
  if (items.length === 0) throw new RangeError('pick from an empty list');
  return items[Math.floor(rand() * items.length)] as T;
}

/** Picks by weight; `weights[i]` belongs to `items[i]`. */
export function pickWeighted<T>(rand: Rand, items: readonly T[], weights: readonly number[]): T {
  const total = weights.reduce((s, w) => s + w, 0);
  let r = rand() * total;
  for (let i = 0; i < items.length; i++) {
    r -= weights[i] ?? 0;
    if (r < 0) return items[i] as T;
  }
  return items[items.length - 1] as T;
}

function digits(rand: Rand, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String(randInt(rand, 0, 9));
  return s;
}

// ---------------------------------------------------------------------------------------------------------
// Names and phones
// ---------------------------------------------------------------------------------------------------------

// Common surnames, the most frequent repeated so they come up more often; 覃 向 龚 伍 聂 符 are typical of 常德.
const SURNAMES = [
  '王', '王', '李', '李', '张', '张', '刘', '刘', '陈', '陈', '杨', '黄', '赵', '周', '吴', '徐', '孙', '胡', '朱',
  '高', '林', '何', '郭', '马', '罗', '梁', '宋', '郑', '谢', '韩', '唐', '唐', '冯', '董', '程', '曹', '袁', '邓',
  '邓', '许', '沈', '曾', '曾', '彭', '彭', '吕', '苏', '卢', '蒋', '蔡', '丁', '魏', '叶', '余', '潘', '杜', '戴',
  '夏', '钟', '汪', '田', '田', '任', '姜', '范', '方', '石', '姚', '谭', '谭', '廖', '邹', '熊', '金', '陆', '孔',
  '白', '崔', '毛', '邱', '秦', '江', '顾', '侯', '邵', '孟', '龙', '万', '段', '雷', '汤', '尹', '黎', '易', '贺',
  '龚', '龚', '覃', '覃', '向', '向', '伍', '聂', '符', '文', '欧阳', '司马',
];
const GIVEN_MALE = [
  '伟', '强', '磊', '军', '勇', '杰', '涛', '斌', '超', '明', '刚', '平', '辉', '鹏', '华', '飞', '鑫', '波', '宇',
  '浩', '凯', '健', '俊', '帆', '旭', '宁', '龙', '林', '洋', '建', '国', '志', '文', '峰', '海', '晨', '阳', '博',
  '宏', '翔', '毅', '坤', '亮', '振', '德', '成', '星', '子', '泽', '睿',
];
const GIVEN_FEMALE = [
  '芳', '娜', '敏', '静', '丽', '艳', '娟', '霞', '燕', '玲', '丹', '萍', '红', '婷', '慧', '莉', '琳', '雪', '倩',
  '颖', '洁', '梅', '琴', '云', '月', '佳', '欣', '悦', '怡', '思', '雨', '晴', '蓉', '露', '兰', '秀', '英', '瑶',
  '诗', '涵',
];

/** A Chinese personal name: surname + one or two given-name characters. */
export function personName(rand: Rand): string {
  const surname = pick(rand, SURNAMES);
  const pool = rand() < 0.5 ? GIVEN_MALE : GIVEN_FEMALE;
  const first = pick(rand, pool);
  if (rand() < 0.3) return surname + first;
  let second = pick(rand, pool);
  if (second === first && rand() < 0.7) second = pick(rand, pool); // 婷婷 and 丹丹 exist, but rarely
  return surname + first + second;
}

// Mainland mobile number segments (China Mobile, Unicom, Telecom, Broadnet) in use.
const MOBILE_PREFIXES = [
  '130', '131', '132', '133', '134', '135', '136', '137', '138', '139', '147', '150', '151', '152', '153', '155',
  '156', '157', '158', '159', '166', '172', '173', '175', '176', '177', '178', '180', '181', '182', '183', '184',
  '185', '186', '187', '188', '189', '191', '193', '195', '198', '199',
];

/** A valid mainland mobile number, 11 digits: /^1[3-9]\d{9}$/. */
export function mobile(rand: Rand): string {
  return pick(rand, MOBILE_PREFIXES) + digits(rand, 8);
}

/** A 常德 landline (area code 0736, 7-digit local number), e.g. 0736-7251234. */
export function landline(rand: Rand): string {
  return `0736-${pick(rand, ['7', '7', '2', '5'])}${digits(rand, 6)}`;
}

// ---------------------------------------------------------------------------------------------------------
// Addresses
// ---------------------------------------------------------------------------------------------------------

const VILLAGES = [
  '新华', '双桥', '白鹤', '青山', '枫树', '花园', '金山', '长岭', '永兴', '团结', '和平', '向阳', '荷花', '桂花', '杨柳',
  '五星', '红旗', '檀树', '莲湖', '白云',
];
const MARKET_STREETS = ['正街', '新街', '老街', '集镇中心街', '农贸市场'];

interface Place {
  district: DemoDistrict;
  township: Township;
}

/**
 * Resolves a region code to a place of the demo city: a 9-digit township code to that township, a 6-digit
 * county code to one of its townships, and anything else (the city code 430700, a code outside the demo city)
 * to a random township of a random demo county.
 */
function resolvePlace(rand: Rand, regionCode: string): Place {
  const district = DEMO_DISTRICTS.find((d) => regionCode.startsWith(d.regionCode)) ?? pick(rand, DEMO_DISTRICTS);
  const township = district.townships.find((t) => t.regionCode === regionCode) ?? pick(rand, district.townships);
  return { district, township };
}

function isTown(t: Township): boolean {
  return /(镇|乡)$/.test(t.name);
}

function cityPrefix(d: DemoDistrict): string {
  return `${DEMO_CITY.province}${DEMO_CITY.name}${d.name}`;
}

/** A residential address within the demo city, e.g. 湖南省常德市武陵区丹阳街道人民路128号柳叶名苑3栋2单元501室. */
export function address(rand: Rand, regionCode: string): string {
  const { district, township } = resolvePlace(rand, regionCode);
  const prefix = cityPrefix(district) + township.name;
  if (isTown(township)) {
    if (rand() < 0.6) return `${prefix}${pick(rand, VILLAGES)}村${randInt(rand, 1, 12)}组${randInt(rand, 1, 60)}号`;
    return `${prefix}${pick(rand, MARKET_STREETS)}${randInt(rand, 1, 180)}号`;
  }
  const street = pick(rand, district.streets);
  const no = randInt(rand, 1, 680);
  if (rand() < 0.2) return `${prefix}${street}${no}号`;
  const building = randInt(rand, 1, 24);
  const entrance = randInt(rand, 1, 4);
  const room = randInt(rand, 1, 28) * 100 + randInt(rand, 1, 4);
  return `${prefix}${street}${no}号${pick(rand, district.estates)}${building}栋${entrance}单元${room}室`;
}

function businessAddress(rand: Rand, regionCode: string, online: boolean): string {
  const { district, township } = resolvePlace(rand, regionCode);
  const prefix = cityPrefix(district);
  if (online) {
    return `${prefix}${pick(rand, district.streets)}${randInt(rand, 1, 500)}号${pick(rand, ['电子商务产业园', '创业孵化基地', '科技大厦'])}${randInt(rand, 1, 12)}栋${randInt(rand, 1, 9)}${String(randInt(rand, 1, 30)).padStart(2, '0')}室`;
  }
  if (isTown(township)) {
    return `${prefix}${township.name}${pick(rand, MARKET_STREETS)}${randInt(rand, 1, 200)}号`;
  }
  const street = pick(rand, district.streets);
  const no = randInt(rand, 1, 680);
  switch (Math.floor(rand() * 3)) {
    case 0:
      return `${prefix}${street}${no}号`;
    case 1:
      return `${prefix}${street}${no}号${pick(rand, district.estates)}${randInt(rand, 1, 20)}栋${randInt(rand, 1, 30)}号门面`;
    default:
      return `${prefix}${street}${no}号${pick(rand, ['万达广场', '步步高广场', '友阿商业广场', '和瑞广场', '国际商业中心'])}${randInt(rand, 1, 5)}楼${pick(rand, ['A', 'B', 'C'])}${randInt(rand, 1, 60)}号`;
  }
}

// ---------------------------------------------------------------------------------------------------------
// 统一社会信用代码 (GB 32100-2015), organisation code (GB 11714-1997)
// ---------------------------------------------------------------------------------------------------------

/** The 31 characters of a credit code: digits and capitals without I O S V Z. */
export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/**
 * The check character (position 18) of a credit code, from the domain's GB 32100-2015 rule; the generator only adds
 * a guard, so a bad fixture fails loudly instead of producing a wrong code.
 */
export function creditCodeCheckChar(first17: string): string {
  if (first17.length !== 17) throw new RangeError(`expected 17 characters, got ${first17.length}`);
  const bad = [...first17].findIndex((c) => !CREDIT_CODE_CHARSET.includes(c));
  if (bad >= 0) throw new RangeError(`invalid credit-code character '${first17[bad]}' at position ${bad + 1}`);
  return domainCheckChar(first17);
}

/** Format and checksum both valid (the domain accepts checksum failures with a warning; generated data must not). */
export function isValidCreditCode(code: string): boolean {
  const r = checkCreditCode(code);
  return r.ok && r.kind === 'creditCode' && r.checksumValid;
}

const ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** Check character of a GB 11714 organisation code body (8 chars): 11 − Σ mod 11; 10 → X, 11 → 0. */
function orgCodeCheckChar(body8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const ch = body8[i] as string;
    const v = /\d/.test(ch) ? Number(ch) : ch.charCodeAt(0) - 55; // A = 10 … Z = 35
    sum += v * (ORG_CODE_WEIGHTS[i] as number);
  }
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/**
 * A valid credit code. `prefix` is the registration authority + entity type (91 enterprise, 92 individual
 * business 个体工商户, 93 farmers' cooperative, 52 private non-enterprise unit 民办非企业单位 …).
 */
export function creditCode(rand: Rand, regionCode6: string, prefix = '91'): string {
  if (!/^\d{6}$/.test(regionCode6)) throw new RangeError(`region code must be 6 digits: ${regionCode6}`);
  let body: string;
  if (rand() < 0.65) {
    // Codes issued since 2015 carry an organisation code starting with MA.
    body = 'MA4';
    for (let i = 0; i < 5; i++) body += pick(rand, CREDIT_CODE_CHARSET.split(''));
  } else {
    body = String(randInt(rand, 1, 9)) + digits(rand, 7);
  }
  const first17 = `${prefix}${regionCode6}${body}${orgCodeCheckChar(body)}`;
  return first17 + creditCodeCheckChar(first17);
}

// ---------------------------------------------------------------------------------------------------------
// Businesses
// ---------------------------------------------------------------------------------------------------------

export interface BusinessSeed {
  name: string;
  address: string;
  /** null for unregistered individual vendors (~15%). */
  creditCode: string | null;
}

const TRADE_NAMES = [
  '华晨', '鑫源', '恒达', '佳美', '德润', '鼎盛', '金泰', '宏图', '湘沅', '沅澧', '柳叶', '善德', '兴旺', '百佳', '福满',
  '瑞丰', '和顺', '常润', '嘉禾', '锦程', '华美', '星辰', '天润', '聚源', '众鑫', '隆盛', '顺达', '美佳', '安康', '欣荣',
  '万家', '兴隆', '诚信', '益民', '金穗', '阳光', '博雅', '天成', '合力', '同心', '惠民', '善卷', '朗州', '穿紫河', '德山',
];

interface IndustryNames {
  /** Word before 有限公司 (credit prefix 91). */
  company: string[];
  /** Suffix of an individual business (credit prefix 92). */
  shop: string[];
  /** Credit prefix for `shop` names when not 92 (schools 52, cooperatives 93). */
  shopPrefix?: string;
}

const INDUSTRY: Record<string, IndustryNames> = {
  G01: { company: ['电器', '家电销售', '数码科技', '通讯设备'], shop: ['电器商行', '家电城', '数码通讯店', '手机店', '电器经营部'] },
  G02: { company: ['服饰', '鞋业', '服装'], shop: ['服饰店', '鞋店', '服装商行', '童装店'] },
  G03: { company: ['汽车销售服务', '汽车贸易', '新能源汽车销售'], shop: ['电动车商行', '摩托车经营部', '汽配商行', '车行'] },
  G04: { company: ['家居', '日用品', '商贸', '家具'], shop: ['日用百货商行', '化妆品店', '家具城', '母婴用品店', '百货店'] },
  G05: { company: ['置业', '房地产开发', '建材', '门窗'], shop: ['建材商行', '瓷砖经营部', '门窗店', '卫浴店'] },
  G06: { company: ['珠宝', '黄金珠宝', '文化用品', '体育用品'], shop: ['珠宝首饰店', '眼镜店', '钟表行', '文体用品店', '玩具店'] },
  G07: { company: ['超市', '食品', '农产品', '米粉'], shop: ['超市', '副食店', '生鲜店', '米粉加工坊', '粮油店', '水果店'] },
  G08: { company: ['酒业', '商贸', '茶业', '饮品'], shop: ['烟酒商行', '名酒行', '茶行', '烟酒店'] },
  G09: { company: ['大药房连锁', '医药', '医疗器械'], shop: ['大药房', '药店', '医疗器械经营部'] },
  G10: { company: ['种业', '农资', '农业机械', '饲料'], shop: ['农资经营部', '农资店', '农机商行', '种子门市部'] },
  S01: {
    company: ['餐饮管理', '酒店管理', '家政服务', '美容美发'],
    shop: ['餐馆', '米粉店', '酒楼', '美容美发店', '干洗店', '家电维修部', '宾馆', '火锅店'],
  },
  S02: {
    company: ['教育咨询', '职业技能培训', '机动车驾驶员培训'],
    shop: ['教育培训学校', '艺术培训学校', '职业培训学校'],
    shopPrefix: '52',
  },
  S03: { company: ['商贸', '百货', '购物广场', '商业管理'], shop: ['购物中心', '超市', '百货商行', '二手商品商行'] },
  S04: { company: ['电子商务', '网络科技', '信息技术', '直播科技'], shop: ['网店', '电商经营部', '优品商行'] },
  S05: { company: ['装饰工程', '建筑装饰设计', '物业管理', '房地产经纪'], shop: ['装饰工作室', '房产中介', '家装店'] },
  S06: { company: ['健身服务', '文化娱乐', '影城管理', '游乐园', '体育发展'], shop: ['健身工作室', 'KTV', '游泳馆', '电玩城'] },
  S07: { company: ['信息咨询服务', '投资咨询', '融资担保', '小额贷款'], shop: ['信息咨询服务部'] },
  S08: { company: ['通信技术', '通讯器材', '信息科技'], shop: ['通讯营业厅', '手机卖场', '通信代理点'] },
  S09: { company: ['快递', '速递', '物流', '供应链管理'], shop: ['快递驿站', '快递代办点'] },
  S10: { company: ['国际旅行社', '旅行社', '旅游开发', '景区管理'], shop: ['旅行社门市部', '旅游服务部'] },
  S11: { company: ['医疗美容', '口腔医疗', '健康管理'], shop: ['养生馆', '足浴店', '美容院', '口腔诊所'] },
  S12: { company: ['保险代理', '保险销售服务'], shop: ['保险代理服务部'] },
  S13: { company: ['燃气', '水务', '供水', '有线电视网络'], shop: ['水电安装服务部', '燃气具经营部'] },
  S14: { company: ['植保科技', '农业技术服务', '农机服务'], shop: ['农机专业合作社', '植保专业合作社'], shopPrefix: '93' },
};

/** Unregistered individual vendors (no credit code) by class; others use DEFAULT_VENDOR_SUFFIX. */
const VENDOR_SUFFIX: Record<string, string[]> = {
  G01: ['手机维修摊', '电器维修铺'],
  G02: ['服装摊', '鞋摊'],
  G04: ['日杂摊', '小商品摊'],
  G06: ['饰品摊', '眼镜摊'],
  G07: ['水果摊', '卤菜摊', '米粉摊', '菜摊'],
  G08: ['烟酒小卖部'],
  G10: ['农资门市'],
  S01: ['米粉店', '早餐店', '烧烤摊', '小吃店', '修理铺'],
  S03: ['小卖部', '流动摊点'],
  S11: ['推拿按摩店', '修脚店'],
};
const DEFAULT_VENDOR_SUFFIX = ['小卖部', '流动摊点', '门市部'];

/**
 * A respondent business fitting the category (top-level or leaf code) in the given region (6 or 9 digits; any
 * other code falls back to a random demo county; the city code 430700 means a company registered with the city
 * bureau, located in 武陵区). About 15% are unregistered individual vendors without a credit code (never for
 * S04 online shops); the rest get a valid credit code whose chars 3–8 are the county (or, for some companies,
 * the city) region code.
 */
export function business(rand: Rand, regionCode: string, categoryCode: string): BusinessSeed {
  const top = categoryCode.slice(0, 3);
  const industry = INDUSTRY[top] ?? INDUSTRY.S03!;
  const cityLevel = regionCode === DEMO_CITY.regionCode;
  // A respondent registered at city level (430700) sits in the city seat, 武陵区.
  const { district } = resolvePlace(rand, cityLevel ? DEMO_DISTRICTS[0]!.regionCode : regionCode);
  const online = top === 'S04';
  const addr = businessAddress(rand, district.regionCode === regionCode.slice(0, 6) ? regionCode : district.regionCode, online);
  const place = district.name.endsWith('区') ? `${DEMO_CITY.name}${district.name}` : district.name;
  const trade = pick(rand, TRADE_NAMES);
  const r = rand();

  if (r < 0.15 && !online) {
    const surname = pick(rand, SURNAMES);
    const owner = rand() < 0.5 ? `${surname}记` : `老${surname}`;
    const suffix = pick(rand, VENDOR_SUFFIX[top] ?? DEFAULT_VENDOR_SUFFIX);
    return { name: `${district.name}${owner}${suffix}`, address: addr, creditCode: null };
  }
  if (r < 0.55) {
    const suffix = pick(rand, industry.shop);
    if (online && rand() < 0.5) {
      const shop = `${trade}${pick(rand, ['官方旗舰店', '专营店', '优选店', '严选小店'])}`;
      return { name: shop, address: addr, creditCode: creditCode(rand, district.regionCode, '92') };
    }
    return {
      name: `${place}${trade}${suffix}`,
      address: addr,
      creditCode: creditCode(rand, district.regionCode, industry.shopPrefix ?? '92'),
    };
  }
  const head = pickWeighted(rand, ['常德', '常德市', '湖南', place], [4, 2, 2, 2]);
  const registeredAtCity = cityLevel || (head !== place && rand() < 0.3);
  return {
    name: `${head}${trade}${pick(rand, industry.company)}有限公司`,
    address: addr,
    creditCode: creditCode(rand, registeredAtCity ? DEMO_CITY.regionCode : district.regionCode, '91'),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Complaint texts
// ---------------------------------------------------------------------------------------------------------

/** What consumers buy under each subcategory; a leaf without an entry uses its category name. */
const PRODUCTS: Record<string, string[]> = {
  'G01-01': ['手机', '平板电脑', '智能手表', '蓝牙耳机'],
  'G01-02': ['液晶电视', '投影仪', '音响'],
  'G01-03': ['挂式空调', '柜式空调', '变频空调'],
  'G01-04': ['冰箱', '滚筒洗衣机', '波轮洗衣机'],
  'G01-05': ['燃气热水器', '电热水器', '油烟机', '燃气灶'],
  'G01-06': ['电饭煲', '空气炸锅', '电吹风', '扫地机器人', '破壁机'],
  'G02-01': ['羽绒服', '连衣裙', '西装', '牛仔裤', '冲锋衣'],
  'G02-02': ['运动鞋', '皮鞋', '女士短靴'],
  'G02-03': ['帽子', '皮带', '羊绒围巾'],
  'G02-04': ['儿童羽绒服', '儿童运动鞋'],
  'G03-01': ['小型轿车', 'SUV', '新能源汽车'],
  'G03-02': ['轮胎', '行车记录仪', '汽车蓄电池'],
  'G03-03': ['电动自行车', '电动自行车电池'],
  'G03-04': ['摩托车', '踏板摩托车'],
  'G04-01': ['面霜', '精华液', '面膜', '染发剂'],
  'G04-02': ['洗衣液', '卫生纸', '纸尿裤'],
  'G04-03': ['实木床', '布艺沙发', '定制衣柜', '床垫'],
  'G04-04': ['不粘锅', '保温杯', '刀具套装'],
  'G04-05': ['婴儿推车', '儿童安全座椅', '奶瓶'],
  'G05-01': ['商品房'],
  'G05-02': ['瓷砖', '乳胶漆', '石膏板吊顶材料'],
  'G05-03': ['马桶', '淋浴花洒', '浴室柜'],
  'G05-04': ['实木复合地板', '断桥铝门窗', '防盗门'],
  'G06-01': ['黄金项链', '金手镯', '翡翠挂件', '钻戒'],
  'G06-02': ['手表', '近视眼镜', '太阳镜'],
  'G06-03': ['教辅图书', '钢笔', '书包'],
  'G06-04': ['跑步机', '动感单车', '羽毛球拍'],
  'G06-05': ['遥控汽车', '积木玩具', '毛绒玩具'],
  'G07-01': ['米粉', '大米', '菜籽油', '挂面'],
  'G07-02': ['猪肉', '鸡蛋', '冷冻虾仁', '鲜鱼'],
  'G07-03': ['纯牛奶', '酸奶', '婴幼儿配方奶粉'],
  'G07-04': ['饼干', '辣条', '坚果礼盒', '月饼'],
  'G07-05': ['蛋白粉', '鱼油软胶囊', '维生素片'],
  'G07-06': ['橙子', '葡萄', '西瓜'],
  'G08-01': ['白酒', '酱香型白酒'],
  'G08-02': ['啤酒', '进口红酒'],
  'G08-03': ['果汁饮料', '桶装水', '功能饮料'],
  'G08-04': ['安化黑茶', '石门银峰茶', '绿茶礼盒'],
  'G08-05': ['卷烟'],
  'G09-01': ['感冒药', '降压药', '中药饮片'],
  'G09-02': ['血压计', '血糖仪', '助听器', '制氧机'],
  'G09-03': ['理疗仪', '磁疗床垫'],
  'G10-01': ['水稻种子', '玉米种子', '油菜种子'],
  'G10-02': ['复合肥', '尿素', '有机肥'],
  'G10-03': ['除草剂', '杀虫剂'],
  'G10-04': ['微耕机', '收割机', '插秧机'],
  'G10-05': ['猪饲料', '鱼饲料', '兽药'],
  'S01-01': ['酒席', '外卖套餐', '年夜饭套餐', '牛肉米粉'],
  'S01-02': ['美发会员卡', '美容护理卡'],
  'S01-03': ['洗衣储值卡', '干洗年卡'],
  'S01-04': ['家政服务卡', '月嫂服务'],
  'S01-05': ['酒店住宿', '民宿住宿'],
  'S01-06': ['空调维修', '手机维修', '洗衣机维修', '开锁换锁'],
  'S02-01': ['初中数学辅导课', '英语课程', '暑期托管班'],
  'S02-02': ['会计培训课程', '电工证培训', '育婴师培训'],
  'S02-03': ['C1驾照培训', 'C2驾照培训'],
  'S02-04': ['舞蹈课程', '钢琴课程', '游泳课程', '美术课程'],
  'S03-01': ['购物卡', '储值卡'],
  'S03-02': ['会员储值卡', '预付卡'],
  'S03-03': ['保健床垫', '理疗仪'],
  'S03-04': ['二手手机', '二手车'],
  'S04-01': ['连衣裙', '电脑显示器', '洗发水', '运动鞋', '扫地机器人'],
  'S04-02': ['翡翠手镯', '护肤品套装', '土特产礼盒'],
  'S04-03': ['游戏充值'],
  'S04-04': ['团购套餐', '外卖订单'],
  'S04-05': ['网约车行程', '共享单车骑行'],
  'S05-01': ['全包装修', '半包装修', '厨卫翻新'],
  'S05-02': ['物业服务'],
  'S05-03': ['租房中介服务', '二手房买卖中介服务'],
  'S06-01': ['健身年卡', '私教课'],
  'S06-02': ['电影票', '演唱会门票'],
  'S06-03': ['游乐园门票', '儿童乐园次卡'],
  'S06-04': ['KTV包厢套餐'],
  'S06-05': ['游泳馆次卡', '羽毛球场年卡'],
  'S07-01': ['信用卡', '借记卡'],
  'S07-02': ['分期贷款', '消费贷款'],
  'S07-03': ['理财产品', '投资咨询服务'],
  'S08-01': ['手机号码', '手机套餐'],
  'S08-02': ['宽带', '固定电话'],
  'S08-03': ['手机号码', '视频会员'],
  'S09-01': ['手机', '衣物', '土特产'],
  'S09-02': ['土特产包裹', '衣物包裹'],
  'S09-03': ['生日蛋糕', '鲜花'],
  'S10-01': ['跟团游', '张家界三日游', '港澳五日游'],
  'S10-02': ['景区门票', '索道票'],
  'S10-03': ['机票', '酒店预订'],
  'S11-01': ['双眼皮手术', '玻尿酸注射', '光子嫩肤'],
  'S11-02': ['种植牙', '牙齿矫正'],
  'S11-03': ['足浴次卡', '推拿理疗套餐'],
  'S11-04': ['入职体检套餐', '全身体检套餐'],
  'S12-01': ['重疾险', '意外险'],
  'S12-02': ['家庭财产险'],
  'S12-03': ['交强险', '车损险'],
  'S13-01': ['供水开户'],
  'S13-02': ['用电'],
  'S13-03': ['天然气开户'],
  'S13-04': ['有线电视'],
  'S14-01': ['机耕机收作业'],
  'S14-02': ['无人机飞防作业'],
  'S14-03': ['测土配肥服务'],
};

const FAULTS: Record<string, string[]> = {
  'G01-01': ['无法开机', '屏幕出现竖线', '频繁自动重启', '充电时严重发烫'],
  'G01-02': ['无法开机', '屏幕出现竖线', '没有声音'],
  'G01-03': ['不制冷', '外机异响', '室内机漏水'],
  'G01-04': ['不制冷', '漏水', '脱水时剧烈晃动'],
  'G01-05': ['点不着火', '漏水', '频繁熄火'],
  'G01-06': ['无法开机', '加热不均', '电机异响'],
};

const WHEN = ['本月初', '上周', '前几天', '半个月前', '上个月', '上周末', '月初', '三天前', '一周前', '二十多天前'];

interface Ctx {
  rand: Rand;
  /** the leaf category code */
  leaf: string;
  product: string;
  amount: number;
  /** amount formatted */
  a: string;
  when: string;
  /** 50–80% of the amount (a remaining balance, unused lessons …) */
  half: string;
  /** twice the amount (double deposit, 定金罚则) */
  double: string;
  /** CPL Art. 55 treble damages: 3× price, at least 500 yuan */
  triple: string;
  /** refund plus treble damages (退一赔三) */
  quad: string;
  /** Food Safety Law Art. 148: 10× price, at least 1,000 yuan */
  tenfold: string;
  int(min: number, max: number): number;
  pick(items: readonly string[]): string;
}

interface Template {
  /** Category code prefixes it fits (`G01`, `G01-03`); empty = any category (the per-problem fallback). */
  categories: string[];
  /** Problem type codes it describes. */
  problems: string[];
  amount: [number, number];
  text(c: Ctx): string;
  request(c: Ctx): string;
}

function tpl(
  categories: string[],
  problems: string[],
  amount: [number, number],
  text: (c: Ctx) => string,
  requests: string[] | ((c: Ctx) => string[]),
): Template {
  return {
    categories,
    problems,
    amount,
    text,
    request: (c) => c.pick(typeof requests === 'function' ? requests(c) : requests),
  };
}

const TEMPLATES: Template[] = [
  // ---- G01 家用电子电器类
  tpl(['G01'], ['P01'], [399, 8999], (c) =>
    `消费者${c.when}在被投诉方门店购买${c.product}一台,价格${c.a}元。使用不到${c.int(3, 15)}天即出现${c.pick(FAULTS[c.leaf] ?? ['无法开机', '运行噪音异常大'])}的问题,联系商家要求退货,商家称只能维修。消费者认为属于新机性能故障,应按三包规定退换。`,
    (c) => [`要求退货并退还货款${c.a}元`, '要求更换同型号新机']),
  tpl(['G01'], ['P02'], [1299, 6999], (c) =>
    `消费者购买的${c.product}在三包有效期内出现故障,已送修${c.int(2, 3)}次仍未修好。商家以配件需厂家调货为由拖延${c.int(20, 45)}天,期间未提供备用机,多次电话催问均无答复。该商品购买价格${c.a}元。`,
    ['要求按三包规定更换新机', '要求退货退款']),
  tpl(['G01'], ['P10', 'P05'], [899, 4999], (c) =>
    `被投诉方在店内宣传该${c.product}为"一级能效""全网最低价",消费者以${c.a}元购买后发现能效标识实为三级,同型号在其他门店售价更低。消费者认为商家存在虚假宣传。`,
    (c) => [`要求退货并按消费者权益保护法第五十五条赔偿${c.triple}元`, '要求退货退款']),
  tpl(['G01-01', 'G01-02', 'G01-06'], ['P09'], [999, 7999], (c) =>
    `消费者${c.when}在被投诉方处购买${c.product},价格${c.a}元,商家承诺为全新正品、未拆封。后经品牌官方售后查询序列号,该机激活日期早于购买日期,疑为翻新机或非正品。`,
    (c) => [`要求退一赔三,共计${c.quad}元`]),
  tpl(['G01-03', 'G01-05'], ['P07'], [1800, 5000], (c) =>
    `消费者家中由被投诉方安装的${c.product}使用中出现${c.pick(['电源线烧焦冒烟', '燃气泄漏有明显异味', '外壳带电'])}的情况,存在严重安全隐患。购买价格${c.a}元。联系商家后,商家只同意上门查看,不同意退换。`,
    ['要求退货并对安装情况进行检查', '要求赔偿损失并排除安全隐患']),
  // ---- G02 服装鞋帽类
  tpl(['G02'], ['P01'], [99, 1299], (c) =>
    `消费者在被投诉方店内购买${c.product},价格${c.a}元。${c.pick(['第一次洗涤后严重褪色并串色', '穿了不到一周鞋底开胶', '穿着几次后大面积起球', '拉链损坏、缝线开裂'])},要求退换遭拒,商家称"穿过了不退"。`,
    ['要求退货退款', '要求更换同款商品']),
  tpl(['G02'], ['P06'], [199, 1599], (c) =>
    `消费者购买${c.product},吊牌标价${c.a}元,店内标示"全场五折",结账时却按原价收款。向店员反映,店员称活动商品不含该款,但店内未作任何说明。`,
    (c) => [`要求退还多收价款${c.half}元`]),
  // ---- G03 交通工具类
  tpl(['G03-01'], ['P01', 'P10'], [89000, 259000], (c) =>
    `消费者${c.when}在被投诉方处购买${c.product}一辆,车款${c.a}元。提车后发现${c.pick(['车身左后门有补漆痕迹', '发动机舱有漏油现象', '里程表显示已行驶数百公里'])},商家在售车时未告知,消费者认为商家隐瞒车辆真实情况。`,
    ['要求退车或换车', '要求赔偿损失并出具车辆维修记录']),
  tpl(['G03-01', 'G03-02'], ['P03'], [5000, 20000], (c) =>
    `消费者在被投诉方处订购${c.product}并交纳定金${c.a}元,合同约定${c.int(15, 30)}天内交付。到期后商家以价格上涨为由要求加价,并要求捆绑购买精品装潢和保险,否则不予交付。`,
    (c) => [`要求按合同约定价格交付,或双倍返还定金${c.double}元`]),
  tpl(['G03-03', 'G03-04'], ['P07', 'P01'], [1600, 4800], (c) =>
    `消费者购买${c.product},价格${c.a}元。使用${c.int(2, 8)}个月后电池在充电时鼓包冒烟,险些引发火灾。经了解,该车电池并非原厂配置,疑似经销商私自更换。`,
    ['要求退货并赔偿损失', '要求对该车是否符合强制性国家标准进行检查']),
  // ---- G04 日用商品类
  tpl(['G04-03'], ['P01'], [2800, 19800], (c) =>
    `消费者在被投诉方处订购${c.product},合同金额${c.a}元。送货安装后室内异味刺鼻,自行委托检测甲醛超标,且${c.pick(['板材边缘开裂', '柜门变形无法关闭', '坐垫塌陷'])}。商家拒绝退换。`,
    ['要求退货退款并承担检测费用', '要求更换符合国家标准的产品']),
  tpl(['G04-01'], ['P10', 'P07'], [198, 1680], (c) =>
    `消费者购买被投诉方宣传具有"祛斑""七天美白"功效的${c.product},价格${c.a}元。使用${c.int(3, 10)}天后面部红肿过敏,前往医院就诊。经查该产品未取得特殊化妆品注册证。`,
    (c) => [`要求退还货款${c.a}元并赔偿医疗费`]),
  tpl(['G04-02', 'G04-04', 'G04-05'], ['P01', 'P07'], [39, 899], (c) =>
    `消费者在被投诉方处购买${c.product},价格${c.a}元,使用时发现${c.pick(['产品有明显质量缺陷', '部件松动存在安全隐患', '产品无中文标签和合格证'])}。与商家协商退换,商家以"已拆封"为由拒绝。`,
    ['要求退货退款']),
  // ---- G05 房屋及建材类
  tpl(['G05-01'], ['P03'], [380000, 1200000], (c) =>
    `消费者于${c.int(2019, 2023)}年与被投诉方签订商品房买卖合同,总价${c.a}元,约定交房日期已过${c.int(3, 14)}个月仍未交房。开发商以资金紧张为由拒绝按合同支付逾期交房违约金。`,
    ['要求尽快交房并按合同支付违约金']),
  tpl(['G05-02', 'G05-03', 'G05-04'], ['P01'], [1200, 16000], (c) =>
    `消费者在被投诉方处购买${c.product},货款${c.a}元。安装后发现${c.pick(['存在明显色差和空鼓', '尺寸与合同约定不符', '表面开裂、漆面脱落', '密封不严漏水'])},商家以已经施工为由拒绝处理。`,
    ['要求更换合格产品并承担重新安装费用', '要求退货退款']),
  // ---- G06 首饰及文体用品类
  tpl(['G06-01'], ['P09', 'P01'], [1500, 18000], (c) =>
    `消费者在被投诉方处购买${c.product},价格${c.a}元,商家出具的标签标注为足金/天然A货。后送检测机构检测,结论与标注不符。消费者认为商家以次充好。`,
    (c) => [`要求退一赔三,共计${c.quad}元`]),
  tpl(['G06-01'], ['P08'], [2000, 15000], (c) =>
    `消费者在被投诉方处购买${c.product},按克计价共${c.a}元。回家后用检定合格的电子秤复称,实际重量比销售时少约${c.int(1, 3)}克,怀疑商家电子秤不准。`,
    ['要求退还短缺部分价款', '要求对商家计量器具进行检定']),
  tpl(['G06-02', 'G06-03', 'G06-04', 'G06-05'], ['P01', 'P02'], [59, 3999], (c) =>
    `消费者购买${c.product},价格${c.a}元,使用不久即出现${c.pick(['零件断裂', '无法正常使用', '表面掉漆、做工粗糙'])}。联系商家售后,商家推诿称需联系厂家,至今${c.int(10, 30)}天未处理。`,
    ['要求退货退款', '要求免费维修或更换']),
  // ---- G07 食品类, G08 烟酒和饮料类
  tpl(['G07', 'G08'], ['P04'], [9.9, 298], (c) =>
    `消费者${c.when}在被投诉方处购买${c.product},共${c.a}元。回家后发现该商品已超过保质期${c.int(2, 40)}天,仍在货架上销售。消费者保留了购物小票和商品实物。`,
    (c) => [`要求退还货款${c.a}元并按食品安全法第一百四十八条赔偿${c.tenfold}元`]),
  tpl(['G07', 'G08-03'], ['P04'], [5.5, 168], (c) =>
    `消费者购买的${c.product}开封后发现内有${c.pick(['头发', '小虫', '塑料碎片', '霉变结块'])},家人食用后出现腹泻症状。消费者已拍照留存并保留剩余样品,购买金额${c.a}元。`,
    (c) => [`要求退款并赔偿${c.tenfold}元`, '要求赔偿就医费用并对商家进行检查']),
  tpl(['G07-01', 'G07-02', 'G07-06'], ['P08'], [20, 260], (c) =>
    `消费者在被投诉方摊位购买${c.product},称重后付款${c.a}元。回家后用电子秤复称,发现短少约${c.int(1, 4)}两。消费者怀疑商家计量器具作弊。`,
    ['要求退还短缺部分价款', '要求对商家电子秤进行检定并依法查处']),
  tpl(['G07-05', 'G09-03'], ['P10', 'P05'], [980, 12800], (c) =>
    `消费者家中老人参加被投诉方组织的健康讲座,被宣传${c.product}"能治高血压、糖尿病",当场花费${c.a}元购买。服用后病情未见好转,经查该产品不具有治疗功能。`,
    (c) => [`要求退还全部货款${c.a}元`]),
  tpl(['G07-03'], ['P01', 'P04'], [89, 899], (c) =>
    `消费者购买${c.product}给孩子食用,价格${c.a}元,开封时发现${c.pick(['包装胀袋', '结块变色', '有明显异味'])},孩子食用后身体不适。商家称商品无问题,拒绝退换。`,
    (c) => [`要求退货并赔偿${c.tenfold}元`]),
  tpl(['G08-01', 'G08-02'], ['P09'], [398, 6800], (c) =>
    `消费者在被投诉方处购买${c.product}${c.int(2, 6)}瓶,共${c.a}元,商家称是正品。消费者发现瓶盖防伪码无法查询,经品牌方鉴定为假冒产品。`,
    (c) => [`要求退一赔三,共计${c.quad}元`, `要求退款并按食品安全法赔偿${c.tenfold}元`]),
  tpl(['G08-04', 'G08-05'], ['P06', 'P12'], [120, 2600], (c) =>
    `消费者在被投诉方处购买${c.product},共${c.a}元。商家未明码标价,结账时要价明显高于市场价,且拒绝开具发票。`,
    ['要求退还多收价款并开具发票']),
  // ---- G09 医药及医疗用品类
  tpl(['G09-01'], ['P01'], [18, 368], (c) =>
    `消费者在被投诉方药店购买${c.product},共${c.a}元。回家后发现药品已过有效期${c.int(1, 6)}个月,药店拒绝退款,称"已售出药品不退"。`,
    (c) => [`要求退款并赔偿${c.tenfold}元`]),
  tpl(['G09-02'], ['P01', 'P02', 'P10'], [299, 5800], (c) =>
    `消费者购买${c.product},价格${c.a}元,使用后发现测量数据与医院检测相差很大,商家宣称的"医用级精度"与实际不符。要求退货遭拒。`,
    ['要求退货退款']),
  // ---- G10 农用生产资料类
  tpl(['G10-01', 'G10-02', 'G10-03'], ['P01'], [800, 15000], (c) =>
    `消费者(农户)在被投诉方处购买${c.product},共${c.a}元,用于${c.int(5, 40)}亩稻田和菜地。使用后${c.pick(['出苗率不足五成', '禾苗大面积发黄枯死', '防治效果极差'])},造成明显减产。`,
    ['要求赔偿减产损失', '要求对产品质量进行鉴定']),
  tpl(['G10-04', 'G10-05'], ['P01', 'P02'], [3000, 36000], (c) =>
    `消费者购买${c.product},价格${c.a}元。使用不到一个月即出现问题,影响农时。联系商家处理,商家迟迟不派人上门。`,
    ['要求更换或退货', '要求及时维修并赔偿误工损失']),
  // ---- S01 生活、社会服务类
  tpl(['S01-01'], ['P04'], [88, 2680], (c) =>
    `消费者${c.when}在被投诉方处就餐,消费${c.a}元。${c.pick(['用餐后一家人先后出现呕吐、腹泻症状,到医院诊断为急性胃肠炎', '菜品中吃出钢丝球碎屑', '发现菜品中有苍蝇'])}。与店方协商赔偿未果。`,
    (c) => [`要求退还餐费${c.a}元并赔偿医疗费`, `要求按食品安全法第一百四十八条赔偿${c.tenfold}元`]),
  tpl(['S01-01', 'S01-05'], ['P06'], [120, 1800], (c) =>
    `消费者在被投诉方处消费,共${c.a}元,结账时被收取${c.pick(['包间费', '开瓶费', '餐具费', '服务费'])},店内菜单和价目表上均未标示。`,
    ['要求退还未标示的收费', '要求商家明码标价']),
  tpl(['S01-02', 'S01-03', 'S01-04'], ['P03'], [1000, 9800], (c) =>
    `消费者在被投诉方处办理${c.product},充值${c.a}元,尚有余额约${c.half}元。${c.when}发现店铺已关门停业,店主电话无人接听。`,
    (c) => [`要求退还卡内余额${c.half}元`]),
  tpl(['S01-06'], ['P06', 'P02'], [150, 1200], (c) =>
    `消费者通过网上搜索联系被投诉方上门进行${c.product},师傅上门后称需更换多个配件,收费${c.a}元,明显高于市场价。事后发现故障未修好,要求退费遭拒。`,
    ['要求退还维修费', '要求重新免费维修']),
  tpl(['S01', 'S03'], ['P11'], [20, 300], (c) =>
    `消费者在被投诉方处消费时,被工作人员怀疑未付款拿取商品,当众被要求开包检查,并遭言语辱骂,对消费者名誉造成不良影响。消费者当天消费${c.a}元。`,
    ['要求商家书面赔礼道歉', '要求赔礼道歉并赔偿精神损失']),
  // ---- S02 教育培训服务
  tpl(['S02'], ['P03'], [2800, 19800], (c) =>
    `消费者为家人报名被投诉方的${c.product},一次性缴费${c.a}元,上课${c.int(2, 8)}次后因${c.pick(['授课老师频繁更换', '课程质量差', '家中搬迁'])}要求退费,机构以合同约定"概不退费"为由拒绝。`,
    (c) => [`要求退还剩余课时费${c.half}元`]),
  tpl(['S02'], ['P10', 'P05'], [3000, 12800], (c) =>
    `被投诉方招生时宣传"包过""不过全额退款",消费者报名${c.product}并缴费${c.a}元。考试未通过后要求按承诺退款,机构称宣传内容"仅供参考"。`,
    (c) => [`要求按承诺退还学费${c.a}元`]),
  tpl(['S02-03'], ['P03', 'P02'], [3200, 5800], (c) =>
    `消费者在被投诉方报名${c.product},学费${c.a}元,合同约定随到随学。报名后${c.int(2, 5)}个月仍约不到练车,教练暗示需另交费用才能安排考试。`,
    ['要求按合同安排练车和考试', '要求退还剩余学费']),
  // ---- S03 销售服务
  tpl(['S03-01', 'S03-02'], ['P03'], [500, 5000], (c) =>
    `消费者持有被投诉方发售的${c.product},卡内余额${c.a}元。商家${c.when}突然宣布门店停业整顿,告知余额只能到外地门店使用,拒绝退款。`,
    (c) => [`要求退还卡内余额${c.a}元`]),
  tpl(['S03-03'], ['P10', 'P03'], [2980, 19800], (c) =>
    `被投诉方在小区附近以免费领鸡蛋、免费体检为名组织老年人听课,诱导消费者家中老人购买${c.product},价格${c.a}元,并宣称能"包治百病"。家人发现后要求退货遭拒。`,
    (c) => [`要求退货退款${c.a}元`]),
  tpl(['S03-04'], ['P01', 'P10'], [900, 68000], (c) =>
    `消费者在被投诉方处购买${c.product},价格${c.a}元,商家承诺"无拆修、无事故"。使用后发现存在重大维修记录,与商家承诺不符。`,
    (c) => [`要求退货并按消费者权益保护法第五十五条赔偿${c.triple}元`]),
  // ---- S04 互联网服务
  tpl(['S04-01', 'S04-02'], ['P02', 'P03'], [59, 2999], (c) =>
    `消费者${c.when}在被投诉方网店购买${c.product},实付${c.a}元。收货后商品存在瑕疵,在七天内申请无理由退货,商家以"特价商品不退不换"为由拒绝,平台客服介入后仍未解决。`,
    (c) => [`要求退货并退还货款${c.a}元`]),
  tpl(['S04-02'], ['P10', 'P09'], [199, 8800], (c) =>
    `消费者在被投诉方直播间购买${c.product},主播宣称"假一赔十、天然无优化",实付${c.a}元。收到后送检,结论与宣传不符,联系客服后被拉黑。`,
    (c) => [`要求退货退款并赔偿${c.triple}元`]),
  tpl(['S04-01', 'S04-04'], ['P06'], [39, 3999], (c) =>
    `消费者在被投诉方网店购买${c.product},页面显示"限时折扣价"${c.a}元,下单后发现商家活动前先提高原价再打折,实际价格与活动前相同,涉嫌虚构原价。`,
    ['要求退还差价并依法查处价格违法行为']),
  tpl(['S04-03'], ['P03', 'P12'], [98, 9800], (c) =>
    `消费者在被投诉方运营的网络游戏中累计充值${c.a}元,${c.when}账号被以"违规"为由永久封停,平台未说明具体违规行为,拒绝退还剩余充值。`,
    ['要求解封账号或退还剩余充值金额']),
  tpl(['S04-04', 'S04-05'], ['P06', 'P03'], [15, 160], (c) =>
    `消费者通过被投诉方平台下单${c.product},实付${c.a}元。${c.pick(['商家未按约定送达,平台却自动确认完成', '司机绕路导致费用明显高于预估', '同一订单老用户价格高于新用户'])},申诉后平台客服仅同意补偿小额优惠券。`,
    (c) => [`要求退还费用${c.a}元`]),
  // ---- S05 房屋装修及物业服务
  tpl(['S05-01'], ['P03', 'P01'], [28000, 168000], (c) =>
    `消费者与被投诉方签订${c.product}合同,合同价款${c.a}元,约定${c.int(60, 120)}天完工。现已超期${c.int(20, 90)}天,施工中还以"增项"为由多次要求加价,已完工部分存在墙面开裂、水管渗漏等问题。`,
    ['要求按合同完工并返工整改', '要求解除合同并退还多付款项']),
  tpl(['S05-02'], ['P06', 'P12'], [600, 3600], (c) =>
    `消费者所在小区由被投诉方提供物业服务,物业公司${c.pick(['擅自上调停车费', '在物业费中捆绑收取电梯费和公摊水电费', '未公示收费标准即收取装修押金'])},消费者本年度被收取${c.a}元。`,
    ['要求公示收费依据并退还不合理收费']),
  tpl(['S05-03'], ['P03'], [1500, 18000], (c) =>
    `消费者通过被投诉方办理${c.product},支付中介费${c.a}元。事后发现房屋存在抵押、房东未授权出租等情况,中介事先未如实告知,交易无法继续,要求退还中介费遭拒。`,
    (c) => [`要求退还中介费${c.a}元`]),
  // ---- S06 文化、娱乐、体育服务
  tpl(['S06-01', 'S06-05'], ['P03'], [1200, 12800], (c) =>
    `消费者在被投诉方处办理${c.product},支付${c.a}元。使用不到${c.int(2, 6)}个月,场馆突然闭店,商家称"搬迁升级",至今未重新营业也不退款。`,
    (c) => [`要求退还剩余费用${c.half}元`]),
  tpl(['S06-02'], ['P03'], [60, 1800], (c) =>
    `消费者通过被投诉方购买${c.product},支付${c.a}元。活动临时取消后,商家只同意退还一半票款,并扣除高额手续费。`,
    (c) => [`要求全额退还${c.a}元`]),
  tpl(['S06-03'], ['P07', 'P03'], [60, 800], (c) =>
    `消费者购买被投诉方${c.product},支付${c.a}元。游乐设施陈旧、无安全提示,孩子游玩时被${c.pick(['划伤', '摔伤', '夹伤'])},商家只同意退票,不承担医疗费用。`,
    ['要求赔偿医疗费用', '要求商家整改安全隐患并赔偿损失']),
  tpl(['S06-04'], ['P06', 'P12'], [200, 1800], (c) =>
    `消费者在被投诉方处消费${c.product},共${c.a}元。场所禁止自带酒水并强制设置最低消费,酒水价格未明码标示。`,
    ['要求退还多收费用', '要求商家明码标价、取消最低消费']),
  // ---- S07 金融服务
  tpl(['S07'], ['P03', 'P06'], [200, 6800], (c) =>
    `消费者在被投诉方办理${c.product},事后发现被收取了未告知的${c.pick(['年费', '服务费', '账户管理费', '担保费'])}共${c.a}元,办理时工作人员未作任何说明。`,
    (c) => [`要求退还不合理收费${c.a}元`]),
  // ---- S08 电信服务
  tpl(['S08-01', 'S08-03'], ['P03', 'P12'], [30, 960], (c) =>
    `消费者${c.when}发现自己的${c.product}被开通了从未申请的增值业务,每月扣费,累计已扣${c.a}元。营业厅称是消费者本人电话同意,但无法提供录音。`,
    (c) => [`要求取消业务并退还扣费${c.a}元`]),
  tpl(['S08-02'], ['P02', 'P03'], [300, 2400], (c) =>
    `消费者办理被投诉方${c.product}业务,预交费用${c.a}元。近一个月网络频繁中断,多次报修无人上门;要求销户时被告知需支付违约金。`,
    ['要求免违约金销户并退还剩余费用']),
  // ---- S09 邮政业服务
  tpl(['S09'], ['P02', 'P03'], [80, 3500], (c) =>
    `消费者通过被投诉方寄递${c.product},物品价值${c.a}元,已保价。包裹${c.pick(['在运输途中丢失', '送达时严重破损', '未经同意被放在驿站后丢失'])},快递公司只同意按运费三倍赔偿。`,
    (c) => [`要求按保价金额赔偿${c.a}元`]),
  // ---- S10 旅游服务
  tpl(['S10-01', 'S10-03'], ['P03'], [1200, 9800], (c) =>
    `消费者通过被投诉方预订${c.product},支付${c.a}元。${c.pick(['行程中导游擅自减少景点,并安排进入购物店强制购物', '出发前一天被告知行程取消,只退一半费用', '实际安排的酒店标准明显低于合同约定'])},与合同约定不符。`,
    ['要求按合同退还未履行项目费用并赔偿违约金']),
  tpl(['S10-02'], ['P06', 'P12'], [60, 600], (c) =>
    `消费者在被投诉方经营的景区游览,景区内${c.pick(['观光车收费未公示', '停车场收费高于公示标准', '索道票价与官网公布的不一致'])},共多支付${c.a}元。`,
    ['要求退还多收费用']),
  // ---- S11 卫生保健服务
  tpl(['S11-01'], ['P10', 'P07'], [3800, 38000], (c) =>
    `消费者在被投诉方处进行${c.product},支付${c.a}元。术前宣传"无痛无创、效果终身",术后出现${c.pick(['明显不对称', '红肿感染', '皮下结节'])},与宣传效果严重不符。经了解,操作人员可能不具备执业资质。`,
    (c) => [`要求退还费用${c.a}元并赔偿修复费用`]),
  tpl(['S11-02', 'S11-03', 'S11-04'], ['P03', 'P06'], [300, 12000], (c) =>
    `消费者在被投诉方处购买${c.product},支付${c.a}元。${c.pick(['服务过程中被不断要求追加项目', '次卡未用完商家即关门', '实际项目与套餐宣传不一致'])},要求退款遭拒。`,
    (c) => [`要求退还费用${c.half}元`]),
  // ---- S12 保险服务
  tpl(['S12'], ['P03'], [800, 30000], (c) =>
    `消费者投保被投诉方销售的${c.product},保费${c.a}元。出险后申请理赔,对方称属于免责条款,但投保时未对免责条款作任何提示和说明。`,
    ['要求依法理赔', '要求退还保费']),
  // ---- S13 公共设施服务
  tpl(['S13'], ['P06', 'P03'], [80, 2600], (c) =>
    `被投诉方在为消费者办理${c.product}相关业务时,${c.pick(['强制要求购买指定品牌的表具', '收取未公示的开户费', '在未提前通知的情况下停止供应'])},涉及金额${c.a}元。`,
    ['要求退还不合理收费并说明收费依据']),
  // ---- S14 农业生产技术服务
  tpl(['S14'], ['P01', 'P03'], [1500, 30000], (c) =>
    `消费者(种植户)请被投诉方提供${c.product},支付费用${c.a}元。作业后${c.pick(['稻田出现药害、叶片枯黄', '漏作业面积较大', '作业质量达不到约定标准'])},造成农作物减产。`,
    ['要求赔偿减产损失', '要求退还作业费用']),

  // ---- Fallbacks: one per problem type, fit for any category.
  tpl([], ['P01'], [50, 3000], (c) =>
    `消费者${c.when}在被投诉方处消费${c.a}元(${c.product}),使用后发现存在明显质量问题,与商家约定的标准不符。多次协商,商家只同意部分补偿。`,
    ['要求退款', '要求重新提供合格的商品或服务']),
  tpl([], ['P02'], [100, 5000], (c) =>
    `消费者在被投诉方处消费${c.product},金额${c.a}元。出现问题后多次联系商家售后,客服电话长期无人接听,承诺的上门处理一再推迟,至今已${c.int(15, 40)}天未解决。`,
    ['要求商家尽快履行售后义务', '要求退款']),
  tpl([], ['P03'], [200, 20000], (c) =>
    `消费者与被投诉方就${c.product}订立合同并支付${c.a}元,商家未按约定履行,单方面变更合同内容,且以格式条款"最终解释权归本店所有"为由拒绝承担责任。`,
    ['要求按合同履行或解除合同退还款项']),
  tpl([], ['P04'], [10, 500], (c) =>
    `消费者${c.when}在被投诉方经营场所消费${c.a}元,获赠的小食品已超过保质期,家人食用后出现腹痛。经营场所未公示食品经营许可证。`,
    (c) => [`要求赔偿${c.tenfold}元`, '要求对商家食品安全情况进行检查']),
  tpl([], ['P05'], [100, 8000], (c) =>
    `被投诉方在门店招牌和宣传单上使用"全市第一""国家级""最佳"等绝对化用语,消费者据此消费${c.product},花费${c.a}元,实际情况与广告内容明显不符。`,
    ['要求依法查处违法广告', '要求退款']),
  tpl([], ['P06'], [50, 6000], (c) =>
    `消费者在被投诉方处消费${c.product},结算金额${c.a}元,比店内标示价格多收约${c.int(10, 30)}%。商家称标价签未及时更换,拒绝退还差价。`,
    ['要求退还多收价款', '要求依法查处价格违法行为']),
  tpl([], ['P07'], [100, 10000], (c) =>
    `消费者在被投诉方处消费${c.product}(${c.a}元)时,因经营场所${c.pick(['地面湿滑无警示标志', '设施设备老化', '消防通道堵塞'])}存在安全隐患,消费者${c.pick(['摔伤', '受轻伤', '险些受伤'])}。商家不承认存在过错。`,
    ['要求赔偿医疗费等损失', '要求商家整改安全隐患']),
  tpl([], ['P08'], [20, 3000], (c) =>
    `消费者在被投诉方处消费${c.product},按计量收费${c.a}元。事后核对发现实际数量明显不足,怀疑商家使用的计量器具未经检定或被改装。`,
    ['要求退还短缺部分费用', '要求对计量器具进行检定']),
  tpl([], ['P09'], [100, 12000], (c) =>
    `消费者在被投诉方处购买${c.product},价格${c.a}元,商家称为品牌正品。经品牌方客服核实,该商品非其生产,涉嫌假冒注册商标。`,
    (c) => [`要求退一赔三,共计${c.quad}元`]),
  tpl([], ['P10'], [100, 20000], (c) =>
    `被投诉方在销售${c.product}时作出"${c.pick(['品质一流、假一赔十', '国家认证、无效退款', '限时特价、全市最低'])}"等宣传,消费者据此支付${c.a}元。实际情况与宣传严重不符,要求按承诺处理时商家拒不认账。`,
    (c) => [`要求退还${c.a}元`, `要求按消费者权益保护法第五十五条赔偿${c.triple}元`]),
  tpl([], ['P11'], [20, 2000], (c) =>
    `消费者在被投诉方处消费${c.product}(${c.a}元),因提出异议,被店员${c.pick(['当众辱骂', '推搡', '拍照发到网上并配侮辱性文字'])},人格尊严受到侵害。`,
    ['要求赔礼道歉', '要求赔礼道歉并赔偿精神损失']),
  tpl([], ['P12'], [20, 5000], (c) =>
    `消费者在被投诉方处消费${c.product},金额${c.a}元。${c.pick(['商家拒绝开具发票', '商家强制要求扫码关注并授权个人信息', '商家拒绝消费者使用现金支付', '商家泄露消费者个人信息导致被骚扰'])}。`,
    ['要求商家改正并依法处理']),
];

/** Number of complaint templates (for tests and documentation). */
export const COMPLAINT_TEMPLATE_COUNT = TEMPLATES.length;

const LEAVES_BY_PARENT = new Map<string, string[]>();
for (const c of CATEGORIES) {
  if (c.parentCode === null) continue;
  const list = LEAVES_BY_PARENT.get(c.parentCode) ?? [];
  list.push(c.code);
  LEAVES_BY_PARENT.set(c.parentCode, list);
}
const CATEGORY_NAMES = new Map(CATEGORIES.map((c) => [c.code, c.name]));

/** A leaf category code for a top-level or leaf code (a top-level code gets one of its children). */
function resolveLeaf(rand: Rand, categoryCode: string): string {
  const children = LEAVES_BY_PARENT.get(categoryCode);
  return children ? pick(rand, children) : categoryCode;
}

function normalizeProblem(problemType: string): string {
  const byCode = PROBLEM_TYPES.find((p) => p.code === problemType || p.name === problemType);
  if (!byCode) throw new RangeError(`unknown problem type: ${problemType}`);
  return byCode.code;
}

function fits(t: Template, leaf: string): boolean {
  return t.categories.some((prefix) => leaf.startsWith(prefix));
}

// Typical amounts in dispute per class, used by the category-independent fallback templates.
const FALLBACK_AMOUNT: Record<string, [number, number]> = {
  'G03-01': [3000, 150000], 'G05-01': [5000, 200000], 'S04-05': [5, 120],
  G01: [199, 6999], G02: [59, 1299], G03: [100, 5000], G04: [29, 3999], G05: [300, 20000], G06: [39, 9999],
  G07: [8, 300], G08: [20, 2000], G09: [15, 2000], G10: [200, 10000],
  S01: [50, 3000], S02: [1000, 15000], S03: [100, 5000], S04: [29, 3000], S05: [500, 50000], S06: [50, 5000],
  S07: [100, 10000], S08: [20, 1000], S09: [20, 2000], S10: [300, 8000], S11: [200, 20000], S12: [500, 20000],
  S13: [50, 2000], S14: [500, 20000],
};

// Roughly how 12315 complaints spread over the classes (services, especially online, dominate).
const TOP_WEIGHTS: Record<string, number> = {
  G01: 8, G02: 4, G03: 4, G04: 4, G05: 2, G06: 2, G07: 7, G08: 2, G09: 1, G10: 1,
  S01: 10, S02: 6, S03: 5, S04: 14, S05: 5, S06: 4, S07: 1, S08: 3, S09: 3, S10: 3, S11: 4, S12: 1, S13: 2, S14: 1,
};

/** A leaf category, weighted roughly like real 12315 complaint volumes. */
export function pickLeafCategory(rand: Rand): string {
  const tops = Object.keys(TOP_WEIGHTS);
  const top = pickWeighted(rand, tops, tops.map((t) => TOP_WEIGHTS[t] as number));
  return resolveLeaf(rand, top);
}

/** A problem type code (P01..P12) that fits the category; mostly one with a specific template. */
export function pickProblemType(rand: Rand, categoryCode: string): string {
  const leaf = resolveLeaf(rand, categoryCode);
  const specific = [...new Set(TEMPLATES.filter((t) => fits(t, leaf)).flatMap((t) => t.problems))];
  if (specific.length > 0 && rand() < 0.9) return pick(rand, specific);
  return pick(rand, PROBLEM_TYPES).code;
}

export interface ComplaintTextSeed {
  description: string;
  request: string;
  /** Amount in dispute, yuan (at most 2 decimals). */
  amount: number;
}

function roundAmount(x: number): number {
  if (x < 200) return Math.round(x * 10) / 10;
  if (x < 10000) return Math.round(x);
  if (x < 100000) return Math.round(x / 10) * 10;
  return Math.round(x / 100) * 100;
}

function yuan(x: number): string {
  const r = Math.round(x * 100) / 100;
  return Number.isInteger(r) ? String(r) : r.toFixed(2).replace(/0$/, '');
}

/**
 * A realistic complaint: description (facts), request (诉求) and amount in yuan, fitting the category (top-level
 * or leaf code) and problem type (code `P04` or name `食品安全`; omitted → {@link pickProblemType}). A
 * template specific to the category and problem is used when there is one, else the problem type's fallback.
 */
export function complaintText(rand: Rand, categoryCode: string, problemType?: string | null): ComplaintTextSeed {
  const leaf = resolveLeaf(rand, categoryCode);
  const problem = problemType ? normalizeProblem(problemType) : pickProblemType(rand, leaf);
  const specific = TEMPLATES.filter((t) => fits(t, leaf) && t.problems.includes(problem));
  const candidates = specific.length > 0 ? specific : TEMPLATES.filter((t) => t.categories.length === 0 && t.problems.includes(problem));
  const template = pick(rand, candidates);

  const products = PRODUCTS[leaf] ?? [CATEGORY_NAMES.get(leaf) ?? '商品'];
  const [min, max] = template.categories.length === 0 ? (FALLBACK_AMOUNT[leaf] ?? FALLBACK_AMOUNT[leaf.slice(0, 3)] ?? template.amount) : template.amount;
  const amount = roundAmount(min + rand() * (max - min));
  const share = 0.5 + rand() * 0.3;
  const ctx: Ctx = {
    rand,
    leaf,
    product: pick(rand, products),
    amount,
    a: yuan(amount),
    when: pick(rand, WHEN),
    half: yuan(roundAmount(amount * share)),
    double: yuan(amount * 2),
    triple: yuan(Math.max(amount * 3, 500)),
    quad: yuan(amount + Math.max(amount * 3, 500)),
    tenfold: yuan(Math.max(amount * 10, 1000)),
    int: (lo, hi) => randInt(rand, lo, hi),
    pick: (items) => pick(rand, items),
  };
  return { description: template.text(ctx), request: template.request(ctx), amount };
}
