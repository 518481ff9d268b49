import { CATEGORIES, LEAF_CATEGORY_CODES, PROBLEM_TYPES } from './categories.js';
import { DEMO_CITY, DEMO_DISTRICTS, DEMO_ROUTING, DEMO_UNITS } from './demo-city.js';
import {
  address,
  business,
  COMPLAINT_TEMPLATE_COUNT,
  complaintText,
  creditCode,
  creditCodeCheckChar,
  isValidCreditCode,
  landline,
  mobile,
  mulberry32,
  personName,
  pickLeafCategory,
  pickProblemType,
} from './people.js';

describe('categories', () => {
  it('has the 10 goods and 14 services classes of the consumer association', () => {
    const tops = CATEGORIES.filter((c) => c.parentCode === null);
    expect(tops.filter((c) => c.kind === 'goods').map((c) => c.code)).toEqual(
      Array.from({ length: 10 }, (_, i) => `G${String(i + 1).padStart(2, '0')}`),
    );
    expect(tops.filter((c) => c.kind === 'services').map((c) => c.code)).toEqual(
      Array.from({ length: 14 }, (_, i) => `S${String(i + 1).padStart(2, '0')}`),
    );
    expect(tops.find((c) => c.code === 'G01')?.name).toBe('家用电子电器类');
    expect(tops.find((c) => c.code === 'S14')?.name).toBe('农业生产技术服务');
  });

  it('has unique codes, existing parents listed before their children, and 3–6 children per class', () => {
    const codes = CATEGORIES.map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
    const seen = new Set<string>();
    for (const c of CATEGORIES) {
      if (c.parentCode !== null) {
        expect(seen.has(c.parentCode)).toBe(true);
        const parent = CATEGORIES.find((p) => p.code === c.parentCode)!;
        expect(parent.parentCode).toBeNull();
        expect(c.kind).toBe(parent.kind);
        expect(c.code).toMatch(new RegExp(`^${c.parentCode}-\\d{2}$`));
      } else {
        expect(c.code).toMatch(/^[GS]\d{2}$/);
      }
      seen.add(c.code);
    }
    for (const top of CATEGORIES.filter((c) => c.parentCode === null)) {
      const n = CATEGORIES.filter((c) => c.parentCode === top.code).length;
      expect(n).toBeGreaterThanOrEqual(3);
      expect(n).toBeLessThanOrEqual(6);
    }
    expect(LEAF_CATEGORY_CODES.length).toBe(CATEGORIES.length - 24);
  });

  it('has the 12 problem types P01..P12 with unique names', () => {
    expect(PROBLEM_TYPES.map((p) => p.code)).toEqual(
      Array.from({ length: 12 }, (_, i) => `P${String(i + 1).padStart(2, '0')}`),
    );
    expect(new Set(PROBLEM_TYPES.map((p) => p.name)).size).toBe(12);
    expect(PROBLEM_TYPES.map((p) => p.name)).toContain('人格尊严');
  });
});

describe('demo city units', () => {
  const byCode = new Map(DEMO_UNITS.map((u) => [u.code, u]));

  it('has unique unit codes usable in usernames', () => {
    expect(byCode.size).toBe(DEMO_UNITS.length);
    for (const u of DEMO_UNITS) expect(u.code).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });

  it('is a tree with one city root, parents listed before children', () => {
    const roots = DEMO_UNITS.filter((u) => u.parentCode === null);
    expect(roots.map((u) => u.code)).toEqual(['cd']);
    expect(roots[0]!.level).toBe('city');
    expect(roots[0]!.regionCode).toBe(DEMO_CITY.regionCode);
    const seen = new Set<string>();
    for (const u of DEMO_UNITS) {
      if (u.parentCode !== null) expect(seen.has(u.parentCode)).toBe(true);
      seen.add(u.code);
    }
  });

  it('has exactly one intake unit: 消保科<投诉举报办>', () => {
    const intake = DEMO_UNITS.filter((u) => u.isIntake);
    expect(intake.map((u) => u.code)).toEqual(['cd-xbk']);
    expect(intake[0]!.aliases).toEqual(expect.arrayContaining(['投诉举报办', '消保科<投诉举报办>']));
  });

  it('has the departments the issue requires under the city bureau', () => {
    for (const code of ['cd-xbk', 'cd-zfzd', 'cd-jjk', 'cd-wjk', 'cd-ggk', 'cd-spsck', 'cd-bgs']) {
      const u = byCode.get(code);
      expect(u?.level).toBe('department');
      expect(u?.parentCode).toBe('cd');
      expect(u?.regionCode).toBe('430700');
    }
  });

  it('has at least 3 county bureaus with 6-digit codes of the city, each with 2–3 stations', () => {
    const counties = DEMO_UNITS.filter((u) => u.level === 'county');
    expect(counties.length).toBeGreaterThanOrEqual(3);
    for (const c of counties) {
      expect(c.parentCode).toBe('cd');
      expect(c.regionCode).toMatch(/^4307\d{2}$/);
      expect(c.regionCode).not.toBe('430700');
      expect(c.aliases.length).toBeGreaterThan(0);
      const stations = DEMO_UNITS.filter((u) => u.parentCode === c.code);
      expect(stations.length).toBeGreaterThanOrEqual(2);
      expect(stations.length).toBeLessThanOrEqual(3);
    }
    expect(new Set(counties.map((c) => c.regionCode)).size).toBe(counties.length);
  });

  it('puts stations under a county with a 9-digit code inside the county', () => {
    const stations = DEMO_UNITS.filter((u) => u.level === 'station');
    expect(stations.length).toBeGreaterThan(0);
    for (const s of stations) {
      const county = byCode.get(s.parentCode!);
      expect(county?.level).toBe('county');
      expect(s.regionCode).toMatch(/^\d{9}$/);
      expect(s.regionCode!.startsWith(county!.regionCode!)).toBe(true);
      expect(s.code.startsWith(`${county!.code}-`)).toBe(true);
      expect(s.name).toMatch(/市场监管所$/);
    }
  });

  it('keeps the district geography consistent with the units', () => {
    for (const d of DEMO_DISTRICTS) {
      expect(byCode.get(d.unitCode)?.regionCode).toBe(d.regionCode);
      const codes = d.townships.map((t) => t.regionCode);
      expect(new Set(codes).size).toBe(codes.length);
      for (const t of d.townships) expect(t.regionCode).toMatch(new RegExp(`^${d.regionCode}\\d{3}$`));
    }
  });
});

describe('demo routing', () => {
  const units = new Map(DEMO_UNITS.map((u) => [u.code, u]));

  it('routes only to existing units', () => {
    for (const r of DEMO_ROUTING) expect(units.has(r.unitCode)).toBe(true);
  });

  it('has one county-wide rule per county, and a township rule (code + name) for each of its stations', () => {
    for (const c of DEMO_UNITS.filter((u) => u.level === 'county')) {
      const rules = DEMO_ROUTING.filter((r) => r.regionPrefix === c.regionCode && !r.townshipCode);
      expect(rules).toHaveLength(1);
      expect(rules[0]).toMatchObject({ unitCode: c.code, categoryPrefix: null, platform: null });
      const stations = DEMO_UNITS.filter((u) => u.parentCode === c.code && u.level === 'station');
      expect(stations.length).toBeGreaterThan(0);
      for (const s of stations) {
        const own = DEMO_ROUTING.filter((r) => r.unitCode === s.code);
        expect(own).toEqual([expect.objectContaining({ regionPrefix: c.regionCode, townshipCode: s.regionCode })]);
        expect(own[0]!.addressKeywords!.every((k) => k.length >= 2)).toBe(true);
      }
    }
    for (const r of DEMO_ROUTING) {
      expect(r.regionPrefix).toMatch(/^\d{6}$/);
      expect(r.note.length).toBeGreaterThan(10);
    }
  });

  it('keeps the test fixture’s respondent (建设路, 武陵区) with the county: no keyword is a bare street or district name', () => {
    const keywords = DEMO_ROUTING.flatMap((r) => r.addressKeywords ?? []);
    expect(keywords.some((k) => '常德市武陵区建设路8号'.includes(k))).toBe(false);
    for (const k of keywords) expect(k).toMatch(/(街道|镇|乡)$/);
  });

  it('sends platforms domiciled at city level to 网监科 with a higher priority', () => {
    const platform = DEMO_ROUTING.filter((r) => r.platform === true);
    expect(platform).toEqual([expect.objectContaining({ regionPrefix: '430700', unitCode: 'cd-wjk' })]);
    const countyPriority = Math.max(...DEMO_ROUTING.filter((r) => r.platform === null).map((r) => r.priority));
    expect(platform[0]!.priority).toBeGreaterThan(countyPriority);
  });
});

describe('credit codes (GB 32100-2015)', () => {
  it('computes the check character of known real codes', () => {
    // Valid codes used as fixtures by hutool's CreditCodeUtilTest and winjs-dev/cloud-utils.
    expect(creditCodeCheckChar('91310110666007217')).toBe('T');
    expect(creditCodeCheckChar('91310115591693856')).toBe('A');
    expect(creditCodeCheckChar('92371000MA3MXH0E3')).toBe('W');
    expect(isValidCreditCode('91230184MA1BUFLT44')).toBe(true);
    expect(isValidCreditCode('91310110666007217U')).toBe(false);
  });

  it('treats the Xiamen pilot code as a checksum failure and rejects bad formats', () => {
    expect(isValidCreditCode('91350100M0001TGQXM')).toBe(false);
    expect(isValidCreditCode('91350211M00013FA1N')).toBe(false);
    expect(isValidCreditCode('91350100M0001TGQX')).toBe(false);
    expect(isValidCreditCode('9143070IMA4L00001X')).toBe(false);
    expect(() => creditCodeCheckChar('9143070')).toThrow(RangeError);
    expect(() => creditCodeCheckChar('91430700MA4L0000I')).toThrow(RangeError);
  });

  it('generates codes that pass the check, with the region code in chars 3–8', () => {
    const rand = mulberry32(7);
    for (let i = 0; i < 500; i++) {
      const code = creditCode(rand, '430725', i % 2 ? '91' : '92');
      expect(isValidCreditCode(code)).toBe(true);
      expect(code.slice(2, 8)).toBe('430725');
    }
  });
});

describe('people generators', () => {
  const regions = ['430700', ...DEMO_UNITS.filter((u) => u.regionCode).map((u) => u.regionCode!)];

  it('produces valid mobiles, landlines and Chinese names', () => {
    const rand = mulberry32(1);
    for (let i = 0; i < 1000; i++) {
      expect(mobile(rand)).toMatch(/^1[3-9]\d{9}$/);
      expect(personName(rand)).toMatch(/^[\u4e00-\u9fa5]{2,4}$/);
    }
    expect(landline(rand)).toMatch(/^0736-\d{7}$/);
  });

  it('produces addresses inside the demo city, in the requested county or township', () => {
    const rand = mulberry32(2);
    for (const d of DEMO_DISTRICTS) {
      for (let i = 0; i < 50; i++) expect(address(rand, d.regionCode)).toMatch(new RegExp(`^湖南省常德市${d.name}`));
      for (const t of d.townships) expect(address(rand, t.regionCode)).toContain(`${d.name}${t.name}`);
    }
    expect(address(rand, '430700')).toMatch(/^湖南省常德市/);
  });

  it('produces businesses with valid credit codes, and about 15% without one', () => {
    const rand = mulberry32(3);
    let withoutCode = 0;
    const n = 2000;
    for (let i = 0; i < n; i++) {
      const region = regions[i % regions.length]!;
      const b = business(rand, region, LEAF_CATEGORY_CODES[i % LEAF_CATEGORY_CODES.length]!);
      expect(b.name.length).toBeGreaterThan(3);
      expect(b.address).toMatch(/^湖南省常德市/);
      if (b.creditCode === null) withoutCode++;
      else {
        expect(isValidCreditCode(b.creditCode)).toBe(true);
        expect(b.creditCode.slice(2, 8)).toMatch(/^4307\d{2}$/);
      }
    }
    expect(withoutCode / n).toBeGreaterThan(0.07);
    expect(withoutCode / n).toBeLessThan(0.2);
  });

  it('names businesses after their category', () => {
    const rand = mulberry32(4);
    const names = Array.from({ length: 200 }, () => business(rand, '430702', 'S02-01').name);
    expect(names.some((n) => /培训/.test(n))).toBe(true);
    const online = Array.from({ length: 50 }, () => business(rand, '430703', 'S04-01'));
    expect(online.every((b) => b.creditCode !== null)).toBe(true);
  });

  it('has at least 30 complaint templates and fits every category × problem type', () => {
    expect(COMPLAINT_TEMPLATE_COUNT).toBeGreaterThanOrEqual(30);
    const rand = mulberry32(5);
    for (const category of CATEGORIES) {
      for (const p of PROBLEM_TYPES) {
        const t = complaintText(rand, category.code, p.code);
        expect(t.description.length).toBeGreaterThanOrEqual(30);
        expect(t.description).not.toMatch(/undefined|NaN|\$\{/);
        expect(t.request).not.toMatch(/undefined|NaN/);
        expect(t.request.length).toBeGreaterThan(3);
        expect(t.amount).toBeGreaterThan(0);
        expect(Math.round(t.amount * 100) / 100).toBe(t.amount);
      }
    }
    expect(complaintText(rand, 'G07-01', '食品安全').description).toMatch(/保质期|异物|头发|小虫|塑料|霉变|腹泻|[食饮]用/);
    expect(() => complaintText(rand, 'G07-01', '不存在')).toThrow(RangeError);
  });

  it('picks categories and problem types that exist', () => {
    const rand = mulberry32(6);
    const leaves = new Set(LEAF_CATEGORY_CODES);
    const problems = new Set(PROBLEM_TYPES.map((p) => p.code));
    for (let i = 0; i < 500; i++) {
      const c = pickLeafCategory(rand);
      expect(leaves.has(c)).toBe(true);
      expect(problems.has(pickProblemType(rand, c))).toBe(true);
      const t = complaintText(rand, c);
      expect(t.description.length).toBeGreaterThanOrEqual(30);
    }
  });

  it('is deterministic for a fixed seed', () => {
    const run = (seed: number) => {
      const rand = mulberry32(seed);
      return Array.from({ length: 50 }, () => {
        const category = pickLeafCategory(rand);
        return {
          name: personName(rand),
          phone: mobile(rand),
          address: address(rand, '430725'),
          business: business(rand, '430723', category),
          complaint: complaintText(rand, category, pickProblemType(rand, category)),
        };
      });
    };
    expect(run(12315)).toEqual(run(12315));
    expect(run(12315)).not.toEqual(run(12316));
    expect(mulberry32(42)()).toBe(mulberry32(42)());
  });
});
