// Registration bodies for the benches that load intake (bench/intake, bench/deadlines/under-load).
import pg from 'pg';

/** Varied bodies from the database's own reference data (a deterministic generator, not Math.random). */
export async function bodies(c: pg.Client, count: number, mark: string): Promise<string[]> {
  const regions = (await c.query<{ region_code: string }>(`SELECT DISTINCT region_code FROM units WHERE level = 'county'`)).rows.map((r) => r.region_code);
  const townships = (await c.query<{ township_code: string }>(`SELECT DISTINCT township_code FROM routing_rules WHERE township_code IS NOT NULL`)).rows.map((r) => r.township_code);
  const cats = (await c.query<{ code: string }>(`SELECT code FROM categories c WHERE NOT EXISTS (SELECT 1 FROM categories x WHERE x.parent_code = c.code) ORDER BY code`)).rows.map((r) => r.code);
  let seed = 12315;
  const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed % n; };
  const family = ['张', '王', '李', '赵', '刘', '陈', '杨', '黄', '周', '吴'];
  const given = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳'];
  const shops = ['好运电器商行', '平安大药房', '诚信超市', '明珠餐饮店', '金源装饰公司', '华联商场', '新世纪手机店', '阳光培训学校'];
  const issues = ['购买的电热水壶使用一周后漏电，商家拒绝退换。', '预付卡充值后门店关闭，余额无法退还。', '外卖餐品中发现异物，商家拒不赔偿。', '网购手机与描述不符，申请退货被拒。',
    '装修工程延期两个月且质量不合格。', '培训机构承诺退费后失联。', '超市销售过期食品。', '药店销售的保健品宣称能治病。'];
  const now = Date.now();
  const out: string[] = [];
  for (let k = 0; k < count; k++) {
    const r = rnd(100);
    const type = r < 78 ? 'complaint' : r < 93 ? 'report' : 'inquiry';
    const region = regions[rnd(regions.length)]!;
    const town = townships.filter((t) => t.startsWith(region));
    const respondent: Record<string, unknown> = { name: `常德市${shops[rnd(shops.length)]}${k % 37}`, regionCode: region, address: `常德市建设路${rnd(900)}号` };
    if (town.length && rnd(3) === 0) respondent.townshipCode = town[rnd(town.length)];
    out.push(JSON.stringify({
      type, channel: ['hotline', 'web', 'letter', 'visit', 'hotline12345'][rnd(5)],
      receivedAt: new Date(now - rnd(3 * 3600) * 1000).toISOString(),
      complainant: { name: `${family[rnd(family.length)]}${given[rnd(given.length)]}${rnd(3) ? '' : given[rnd(given.length)]}`, phone: `1${3 + rnd(6)}${String(rnd(1e9)).padStart(9, '0')}`, address: `湖南省常德市武陵区人民路${rnd(500)}号` },
      respondent, category: cats[rnd(cats.length)],
      description: `${mark} ${issues[rnd(issues.length)]}${'消费者要求依法处理。'.repeat(rnd(12))}`,
      ...(type === 'complaint' ? { request: '退货退款', amount: rnd(500_000) / 100, ...(rnd(20) === 0 ? { alsoReport: true } : {}) } : {}),
      ...(type === 'report' && rnd(4) === 0 ? { realName: false } : {}),
    }));
  }
  return out;
}
