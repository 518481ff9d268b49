// `npm run demo` (scripts/demo-content.ts): an ODR enterprise at work, so that the demo shows the businesses' side
// too — a supermarket chain enrolled by the manager with its account, and complaints the 12315 operator registered
// against it with the caller's consent, each at another stage: one settled and confirmed by the complainant (和解),
// one with an offer the complainant has not answered yet, one refused by the chain (it went to 武陵区局), one waiting
// for the chain's answer. Through the API as the manager, the operator and the enterprise would. Once only: an
// enterprise already enrolled under the credit code keeps its complaints (an account it lacks is opened). The
// account's password is its own: the API refuses the staff's shared demo password as too common, rightly.
import { call, login } from './demo-api.js';

export const DEMO_ODR_ENTERPRISE = {
  name: '常德市惠万家商贸有限公司',
  creditCode: '91430702MA4Q8HWJ26',
  stores: ['惠万家超市武陵大道店', '惠万家超市人民路店', '惠万家生活馆'],
  contacts: [{ name: '刘经理', phone: '13907361501' }, { name: '客服中心', phone: '0736-7221501' }],
};
export const DEMO_ODR_USERNAME = 'odr.hwj';
export const DEMO_ODR_PASSWORD = 'huiwanjia12315';

const RESPONDENT = { name: DEMO_ODR_ENTERPRISE.name, creditCode: DEMO_ODR_ENTERPRISE.creditCode, regionCode: '430702', address: '湖南省常德市武陵区武陵大道88号' };

type Stage = 'confirmed' | 'offered' | 'refused' | 'waiting';
/** The complaints, each left at its stage; the complainants and their words are made up. */
const COMPLAINTS: { stage: Stage; minutesAgo: number; body: Record<string, unknown>; answer?: string }[] = [
  {
    stage: 'confirmed', minutesAgo: 26 * 60,
    body: {
      complainant: { name: '谭秀兰', phone: '13975601288', address: '湖南省常德市武陵区丹阳街道朗州路3号' }, category: 'G07',
      description: '在惠万家超市武陵大道店购买的纯牛奶，回家发现已过保质期两天，要求商家赔偿。', request: '退货并按规定赔偿', amount: 68,
    },
    answer: '退还货款68元，并按《食品安全法》第一百四十八条赔偿1000元，已当面支付。',
  },
  {
    stage: 'offered', minutesAgo: 5 * 60,
    body: {
      complainant: { name: '龚建军', phone: '13787362240', address: '湖南省常德市武陵区穿紫河街道紫菱路12号' }, category: 'G01',
      description: '在惠万家生活馆购买的电饭煲使用一周后内胆涂层脱落，门店称需寄回厂家检测，等待时间太长。', request: '更换新机', amount: 459,
    },
    answer: '门店可当场更换同型号新机，或退还货款459元，请投诉人选择。',
  },
  {
    stage: 'refused', minutesAgo: 3 * 60,
    body: {
      complainant: { name: '邓丽华', phone: '13574288613', address: '湖南省常德市武陵区白马湖街道洞庭大道266号' }, category: 'G04',
      description: '在惠万家超市人民路店办理的储值卡，门店装修停业后余额无法使用，客服不予退款。', request: '退还储值卡余额', amount: 860,
    },
    answer: '储值卡由第三方发卡机构发行，本公司无权办理退款，请投诉人向发卡机构申请。',
  },
  {
    stage: 'waiting', minutesAgo: 40,
    body: {
      complainant: { name: '鲁志勇', phone: '13873669054', address: '湖南省常德市武陵区芦荻山乡荷花村6组' }, category: 'G07',
      description: '在惠万家超市武陵大道店购买的散装熟食，食用后出现腹泻，要求商家承担医药费。', request: '赔偿医药费', amount: 320,
    },
  },
];

export interface DemoOdrResult {
  /** Whether this run enrolled the enterprise (false: it was there already). */
  enrolled: boolean;
  enterprise: string;
  username: string;
  password: string;
  /** Case numbers by stage, registered by this run. */
  cases: Partial<Record<Stage, string>>;
}

export async function enrolDemoOdr(base: string, password: string, now = new Date()): Promise<DemoOdrResult> {
  const out: DemoOdrResult = { enrolled: false, enterprise: DEMO_ODR_ENTERPRISE.name, username: DEMO_ODR_USERNAME, password: DEMO_ODR_PASSWORD, cases: {} };
  const manager = await login(base, 'manager', password);
  const enrolled = await call<{ id: string; creditCode: string }[]>(base, manager, 'GET', '/api/v1/odr/enterprises');
  const known = enrolled.find((e) => e.creditCode === DEMO_ODR_ENTERPRISE.creditCode);
  const e = known ?? (await call<{ id: string }>(base, manager, 'POST', '/api/v1/odr/enterprises', DEMO_ODR_ENTERPRISE));
  const { users } = await call<{ users: { username: string }[] }>(base, manager, 'GET', `/api/v1/odr/enterprises/${e.id}`);
  if (!users.some((u) => u.username === DEMO_ODR_USERNAME))
    await call(base, manager, 'POST', `/api/v1/odr/enterprises/${e.id}/users`, { username: DEMO_ODR_USERNAME, displayName: '惠万家客服', password: DEMO_ODR_PASSWORD });
  if (known) return out;
  out.enrolled = true;

  const operator = await login(base, 'operator', password);
  const shop = await login(base, DEMO_ODR_USERNAME, DEMO_ODR_PASSWORD);
  for (const c of COMPLAINTS) {
    const body = {
      type: 'complaint', channel: 'hotline', receivedAt: new Date(now.getTime() - c.minutesAgo * 60_000).toISOString(),
      respondent: RESPONDENT, odr: { consent: true, enterpriseId: e.id }, ...c.body,
    };
    const made = await call<{ id: string; caseNo: string }>(base, operator, 'POST', '/api/v1/cases', body);
    out.cases[c.stage] = made.caseNo;
    if (c.stage === 'confirmed') {
      await call(base, shop, 'POST', `/api/v1/odr/cases/${made.id}/settle`, { agreement: c.answer });
      await call(base, operator, 'POST', `/api/v1/cases/${made.id}/odr-decision`, { accept: true, note: '投诉人电话确认已收到退款和赔偿' });
    } else if (c.stage === 'offered') {
      await call(base, shop, 'POST', `/api/v1/odr/cases/${made.id}/reply`, { kind: 'offer', text: c.answer });
    } else if (c.stage === 'refused') {
      await call(base, shop, 'POST', `/api/v1/odr/cases/${made.id}/reply`, { kind: 'refusal', text: c.answer });
    }
  }
  return out;
}
