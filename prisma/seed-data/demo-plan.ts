// The demo city's 年度工作要点 for the current year: the consumer-protection part of a city bureau's plan, written
// in the form bureaus publish (numbered items, 责任单位 in brackets, the first unit leads) and naming the demo units
// by the names and aliases a plan uses. `npm run demo` imports it through the API (scripts/demo-plan.ts).

export const demoPlanTitle = (year: number) => `常德市市场监督管理局${year}年消费维权工作要点`;

export function demoPlanText(year: number): string {
  return [
    `${year}年，全市市场监管部门坚持以人民为中心，聚焦消费者急难愁盼，畅通诉求渠道，提升处置效能，营造放心消费环境。主要任务是：`,
    '一、畅通诉求渠道，提升处置效能',
    '1.严格落实《市场监督管理投诉举报处理暂行办法》，规范投诉举报登记、分派、受理、办结各环节，按期办结率达到98%以上，回访满意率达到90%以上。（责任单位：消保科、各区县市场监管局）',
    '2.推进12315热线与政务服务便民热线双号并行、协同联动，工单按时分派率达到99%以上。（责任单位：消保科<投诉举报办>、办公室）',
    '3.深化在线消费纠纷解决（ODR）机制，新增ODR企业50家以上，引导经营者与消费者先行和解。（责任单位：消保科、信用监管科）',
    '4.加强基层市场监管所投诉调解能力建设，开展调解业务培训4次以上。（责任单位：消保科、各市场监管所）',
    '二、聚焦重点领域，净化消费环境',
    '5.开展网络交易平台和直播带货专项整治，督促平台落实主体责任，处置网络消费投诉不超期。（责任单位：网监科、综合行政执法支队）',
    '6.加强民生领域价格监管，查处价格欺诈、不明码标价等违法行为，办理价格违法案件30件以上。（责任单位：价监科、综合行政执法支队）',
    '7.整治虚假违法广告，重点监测医疗、药品、保健食品广告，广告监测覆盖率达到100%。（责任单位：广告科）',
    '8.开展常德米粉等特色食品质量提升行动，食品安全抽检合格率保持在97%以上。（责任单位：食品生产科<米粉办>）',
    '9.加强民用“三表”和加油机计量监督，强检计量器具受检率达到95%以上。（责任单位：计量科）',
    '三、强化社会共治，发布消费指引',
    '10.按季度公示消费投诉信息，发布消费警示和消费提示6期以上。（责任单位：消保科、质量发展科）',
  ].join('\n');
}

/**
 * Progress the demo's units have reported (by number): the lead's own report for the current month, so that the
 * 工作要点 page shows how far each task has got and which have not reported.
 */
export const DEMO_PLAN_REPORTS: readonly { number: string; percent: number; narrative: string }[] = [
  { number: '1', percent: 85, narrative: '本月全市受理投诉举报按期办结率98.6%，回访满意率92.1%；对超期件逐件督办。' },
  { number: '2', percent: 90, narrative: '12315工单与便民热线工单双向流转已上线，本月按时分派率99.4%。' },
  { number: '5', percent: 70, narrative: '约谈辖区重点直播平台3家，下架违规商品链接126条，网络消费投诉均在时限内处置。' },
  { number: '7', percent: 60, narrative: '监测各类广告2.3万条次，发现涉嫌违法广告41条，已移交执法支队立案9件。' },
  { number: '10', percent: 75, narrative: '第三季度消费投诉信息已公示；本年度已发布消费警示4期、消费提示2期。' },
];
