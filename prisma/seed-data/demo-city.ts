/**
 * The demo city: 常德市 (Changde, Hunan; GB/T 2260 region 430700) — its market-regulation bureau, the
 * bureau's departments, four district/county bureaus and their township stations (市场监管所), and the
 * routing rules that send a complaint to the competent county-level bureau (domain.md §2, O121 Art. 13).
 *
 * Department names follow the responsible units of the bureau's own 2023 work points
 * (shared/samples/changde-2023-work-points.txt). Township (乡镇/街道) names are real places of those
 * districts; their 9-digit codes follow the GB/T 2260 + 统计用区划代码 pattern (county code + 3 digits:
 * 0xx 街道, 1xx 镇) but are demo values, not checked against the official list.
 *
 * Pure data: no database or framework imports.
 */

export type UnitLevel = 'city' | 'department' | 'county' | 'station';

export interface UnitSeed {
  /** Lowercase ASCII letters and dashes only: it appears in demo usernames `handler.<code>`. */
  code: string;
  name: string;
  level: UnitLevel;
  parentCode: string | null;
  regionCode: string | null;
  isIntake: boolean;
  aliases: string[];
}

export interface RoutingSeed {
  regionPrefix: string;
  categoryPrefix: string | null;
  /** A station rule: the township's 9-digit code and/or address keywords (issue 13). */
  townshipCode?: string;
  addressKeywords?: string[];
  platform: boolean | null;
  unitCode: string;
  priority: number;
  note: string;
}

export interface Township {
  /** 9-digit township code: the county's 6 digits + 3. */
  regionCode: string;
  /** e.g. 丹阳街道, 灌溪镇 */
  name: string;
  /** Set when the township has a station in the demo unit tree. */
  stationCode?: string;
}

export interface DemoDistrict {
  /** 6-digit county-level region code. */
  regionCode: string;
  /** e.g. 武陵区, 桃源县 */
  name: string;
  /** The county bureau's unit code. */
  unitCode: string;
  townships: Township[];
  /** Real road names of the county seat, used by the address generator. */
  streets: string[];
  /** Residential compounds (小区) and markets, demo names. */
  estates: string[];
}

export const DEMO_CITY = {
  regionCode: '430700',
  province: '湖南省',
  name: '常德市',
  unitCode: 'cd',
} as const;

export const DEMO_DISTRICTS: DemoDistrict[] = [
  {
    regionCode: '430702',
    name: '武陵区',
    unitCode: 'wl',
    townships: [
      { regionCode: '430702001', name: '丹阳街道', stationCode: 'wl-dy' },
      { regionCode: '430702002', name: '芙蓉街道', stationCode: 'wl-fr' },
      { regionCode: '430702003', name: '穿紫河街道', stationCode: 'wl-czh' },
      { regionCode: '430702004', name: '府坪街道' },
      { regionCode: '430702005', name: '东江街道' },
      { regionCode: '430702006', name: '永安街道' },
      { regionCode: '430702007', name: '白马湖街道' },
      { regionCode: '430702101', name: '河洑镇' },
    ],
    streets: [
      '武陵大道', '人民路', '朗州路', '建设路', '洞庭大道', '皂果路', '柳叶大道', '紫缘路',
      '沅安路', '青年路', '常德大道', '丹阳路', '龙港路', '北正街', '滨湖路', '育英路',
    ],
    estates: [
      '柳叶名苑', '丹阳花园', '紫缘小区', '水星楼小区', '白马湖家园', '城市明珠', '金色家园', '滨湖春天',
      '穿紫河畔', '芙蓉景苑',
    ],
  },
  {
    regionCode: '430703',
    name: '鼎城区',
    unitCode: 'dc',
    townships: [
      { regionCode: '430703001', name: '玉霞街道', stationCode: 'dc-yx' },
      { regionCode: '430703002', name: '郭家铺街道' },
      { regionCode: '430703003', name: '斗姆湖街道' },
      { regionCode: '430703101', name: '武陵镇' },
      { regionCode: '430703102', name: '灌溪镇', stationCode: 'dc-gx' },
      { regionCode: '430703103', name: '石门桥镇', stationCode: 'dc-smq' },
      { regionCode: '430703104', name: '周家店镇' },
      { regionCode: '430703105', name: '蔡家岗镇' },
      { regionCode: '430703106', name: '尧天坪镇' },
    ],
    streets: [
      '鼎城路', '善卷路', '玉霞路', '金霞路', '阳明路', '鼎城大道', '临沅路', '桥南路', '郭家铺路', '江南大道',
    ],
    estates: ['善卷新村', '玉霞花园', '金霞苑', '江南城', '鼎城明珠', '阳明小区', '桥南市场', '鼎新家园'],
  },
  {
    regionCode: '430725',
    name: '桃源县',
    unitCode: 'ty',
    townships: [
      { regionCode: '430725001', name: '漳江街道', stationCode: 'ty-zj' },
      { regionCode: '430725101', name: '陬市镇', stationCode: 'ty-zs' },
      { regionCode: '430725102', name: '热市镇', stationCode: 'ty-rs' },
      { regionCode: '430725103', name: '三阳港镇' },
      { regionCode: '430725104', name: '盘塘镇' },
      { regionCode: '430725105', name: '黄石镇' },
      { regionCode: '430725106', name: '九溪镇' },
      { regionCode: '430725107', name: '茶庵铺镇' },
    ],
    streets: ['漳江北路', '漳江南路', '武陵路', '桃花路', '车站路', '沅江路', '桃源大道', '兴隆街', '渔父路', '桃川路'],
    estates: ['漳江花园', '桃川小区', '沅江世纪城', '兴隆市场', '桃花源小区', '渔父苑'],
  },
  {
    regionCode: '430723',
    name: '澧县',
    unitCode: 'lx',
    townships: [
      { regionCode: '430723001', name: '澧阳街道', stationCode: 'lx-ly' },
      { regionCode: '430723002', name: '澧西街道' },
      { regionCode: '430723003', name: '澧浦街道' },
      { regionCode: '430723101', name: '小渡口镇', stationCode: 'lx-xdk' },
      { regionCode: '430723102', name: '梦溪镇', stationCode: 'lx-mx' },
      { regionCode: '430723103', name: '码头铺镇' },
      { regionCode: '430723104', name: '大堰垱镇' },
      { regionCode: '430723105', name: '王家厂镇' },
      { regionCode: '430723106', name: '城头山镇' },
    ],
    streets: ['澧阳路', '荆澧路', '澧州大道', '车溪路', '建设路', '红旗路', '人民路', '解放路', '澧浦路', '兴澧路'],
    estates: ['澧州新城', '澧阳小区', '荆澧花园', '兴澧家园', '澧浦市场', '城头山小区'],
  },
];

/** Short township name for a station: 丹阳街道 → 丹阳, 灌溪镇 → 灌溪. */
function townshipShortName(name: string): string {
  return name.replace(/(街道|镇|乡)$/, '');
}

function countyUnit(d: DemoDistrict): UnitSeed {
  return {
    code: d.unitCode,
    name: `${d.name}市场监督管理局`,
    level: 'county',
    parentCode: DEMO_CITY.unitCode,
    regionCode: d.regionCode,
    isIntake: false,
    aliases: [`${d.name}局`, `${d.name}市场监管局`],
  };
}

function stationUnits(d: DemoDistrict): UnitSeed[] {
  return d.townships
    .filter((t) => t.stationCode !== undefined)
    .map((t) => {
      const short = townshipShortName(t.name);
      return {
        code: t.stationCode as string,
        name: `${short}市场监管所`,
        level: 'station' as const,
        parentCode: d.unitCode,
        regionCode: t.regionCode,
        isIntake: false,
        aliases: [`${d.name}市场监督管理局${short}市场监督管理所`, `${d.name}${short}所`, `${short}所`],
      };
    });
}

const CITY_AND_DEPARTMENTS: UnitSeed[] = [
  {
    code: 'cd',
    name: '常德市市场监督管理局',
    level: 'city',
    parentCode: null,
    regionCode: '430700',
    isIntake: false,
    aliases: ['市局', '常德市局', '常德市市场监管局'],
  },
  {
    code: 'cd-xbk',
    name: '消保科',
    level: 'department',
    parentCode: 'cd',
    regionCode: '430700',
    isIntake: true,
    aliases: ['投诉举报办', '消保科<投诉举报办>', '消费者权益保护科', '12315投诉举报中心'],
  },
  {
    code: 'cd-zfzd',
    name: '综合行政执法支队',
    level: 'department',
    parentCode: 'cd',
    regionCode: '430700',
    isIntake: false,
    aliases: ['执法支队', '市场监管综合行政执法支队'],
  },
  {
    code: 'cd-jjk',
    name: '价监科',
    level: 'department',
    parentCode: 'cd',
    regionCode: '430700',
    isIntake: false,
    aliases: ['价格监督检查和反不正当竞争科', '价格监督检查科'],
  },
  {
    code: 'cd-wjk',
    name: '网监科',
    level: 'department',
    parentCode: 'cd',
    regionCode: '430700',
    isIntake: false,
    aliases: ['网络交易监督管理科', '网络交易监管科'],
  },
  {
    code: 'cd-ggk',
    name: '广告科',
    level: 'department',
    parentCode: 'cd',
    regionCode: '430700',
    isIntake: false,
    aliases: ['广告监督管理科'],
  },
  {
    code: 'cd-spsck',
    name: '食品生产科',
    level: 'department',
    parentCode: 'cd',
    regionCode: '430700',
    isIntake: false,
    aliases: ['食品生产科<米粉办>', '米粉办', '食品生产安全监督管理科'],
  },
  {
    // Not among the responsible units of the 2023 work points, but every bureau has one (brief).
    code: 'cd-bgs',
    name: '办公室',
    level: 'department',
    parentCode: 'cd',
    regionCode: '430700',
    isIntake: false,
    aliases: ['局办公室'],
  },
  {
    code: 'cd-xyjgk',
    name: '信用监管科',
    level: 'department',
    parentCode: 'cd',
    regionCode: '430700',
    isIntake: false,
    aliases: ['信用监督管理科'],
  },
  {
    code: 'cd-zlfzk',
    name: '质量发展科',
    level: 'department',
    parentCode: 'cd',
    regionCode: '430700',
    isIntake: false,
    aliases: ['质量科'],
  },
  {
    code: 'cd-jlk',
    name: '计量科',
    level: 'department',
    parentCode: 'cd',
    regionCode: '430700',
    isIntake: false,
    aliases: ['计量监督管理科'],
  },
];

/**
 * The unit tree, parents before children (city, departments, then each county followed by its stations),
 * so inserting in array order satisfies the parent reference.
 */
export const DEMO_UNITS: UnitSeed[] = [
  ...CITY_AND_DEPARTMENTS,
  ...DEMO_DISTRICTS.flatMap((d) => [countyUnit(d), ...stationUnits(d)]),
];

/**
 * Automatic routing (domain.md §2). A complaint goes to the county-level bureau where the respondent operates
 * or is domiciled (O121 Art. 13): one rule per county. Where a county has a township station (市场监管所) the
 * catalogue sends that township's complaints straight to it — by the 9-digit township code when the operator
 * knows it, else by the township's full name in the respondent's address (it handles them in the county bureau's
 * name, Art. 30); the county bureau dispatches the rest to its stations itself or handles them. Platforms
 * registered with the city bureau (region 430700) go to 网监科. Anything that matches no rule stays in the intake
 * unit's (消保科<投诉举报办>) manual dispatch pool.
 */
export const DEMO_ROUTING: RoutingSeed[] = [
  ...DEMO_DISTRICTS.map((d) => ({
    regionPrefix: d.regionCode,
    categoryPrefix: null,
    platform: null,
    unitCode: d.unitCode,
    priority: 0,
    note: `被投诉人住所地或实际经营地在${d.name}(${d.regionCode})的投诉,由${d.name}市场监督管理局处理(《市场监督管理投诉举报处理办法》第十三条);未列入派单目录的乡镇街道,由区县局分派到所或自行办理。`,
  })),
  ...DEMO_DISTRICTS.flatMap((d) =>
    d.townships
      .filter((t) => t.stationCode !== undefined)
      .map((t) => ({
        regionPrefix: d.regionCode,
        townshipCode: t.regionCode,
        addressKeywords: [t.name],
        categoryPrefix: null,
        platform: null,
        unitCode: t.stationCode as string,
        priority: 0,
        note: `被投诉人在${d.name}${t.name}的投诉,由${townshipShortName(t.name)}市场监管所以${d.name}市场监督管理局名义办理(《市场监督管理投诉举报处理办法》第三十条)。`,
      })),
  ),
  {
    regionPrefix: '430700',
    categoryPrefix: null,
    platform: true,
    unitCode: 'cd-wjk',
    priority: 20,
    note: '电子商务平台经营者及自建网站经营者以其住所地确定管辖;在市局登记注册(区划代码430700)的平台企业的投诉,由市局网监科处理(《市场监督管理投诉举报处理办法》第十三条)。平台内经营者按其展示的地址所在区县分派。',
  },
];
