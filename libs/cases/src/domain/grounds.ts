import type { Regime } from '#deadlines';

export interface LegalGround {
  code: string;
  text: string;
  article: string;
}

// Decline grounds: O121 Art. 16 (seven) and O20 Art. 15 (six). Codes are stable across regimes where the
// ground is the same; the text is the regime's own.
const DECLINE: Record<Regime, LegalGround[]> = {
  O121: [
    { code: 'noAuthority', article: '《市场监督管理投诉举报处理办法》第十六条第（一）项', text: '投诉事项不属于市场监督管理部门职责，或者本行政机关不具有处理权限' },
    { code: 'handledElsewhere', article: '《市场监督管理投诉举报处理办法》第十六条第（二）项', text: '法院、仲裁机构、市场监督管理部门或者其他行政机关、消费者协会已经受理或者处理过同一消费者权益争议' },
    { code: 'notConsumption', article: '《市场监督管理投诉举报处理办法》第十六条第（三）项', text: '不是为生活消费需要购买、使用商品或者接受服务，或者不能证明与被投诉人之间存在消费者权益争议' },
    { code: 'timeBarred', article: '《市场监督管理投诉举报处理办法》第十六条第（四）项', text: '除法律另有规定外，投诉人知道或者应当知道自己的权益受到被投诉人侵害之日起超过三年' },
    { code: 'materials', article: '《市场监督管理投诉举报处理办法》第十六条第（五）项', text: '未提供规定的材料或者提供的材料不真实' },
    { code: 'identity', article: '《市场监督管理投诉举报处理办法》第十六条第（六）项', text: '冒用他人身份或者拒绝配合身份核验' },
    { code: 'otherLegal', article: '《市场监督管理投诉举报处理办法》第十六条第（七）项', text: '法律、法规、规章规定不予受理的其他情形' },
  ],
  O20: [
    { code: 'noAuthority', article: '《市场监督管理投诉举报处理暂行办法》第十五条第（一）项', text: '投诉事项不属于市场监督管理部门职责，或者本行政机关不具有处理权限' },
    { code: 'handledElsewhere', article: '《市场监督管理投诉举报处理暂行办法》第十五条第（二）项', text: '法院、仲裁机构、市场监督管理部门或者其他行政机关、消费者协会或者依法成立的其他调解组织已经受理或者处理过同一消费者权益争议' },
    { code: 'notConsumption', article: '《市场监督管理投诉举报处理暂行办法》第十五条第（三）项', text: '不是为生活消费需要购买、使用商品或者接受服务，或者不能证明与被投诉人之间存在消费者权益争议' },
    { code: 'timeBarred', article: '《市场监督管理投诉举报处理暂行办法》第十五条第（四）项', text: '除法律另有规定外，投诉人知道或者应当知道自己的权益受到被投诉人侵害之日起超过三年' },
    { code: 'materials', article: '《市场监督管理投诉举报处理暂行办法》第十五条第（五）项', text: '未提供规定的材料' },
    { code: 'otherLegal', article: '《市场监督管理投诉举报处理暂行办法》第十五条第（六）项', text: '法律、法规、规章规定不予受理的其他情形' },
  ],
};

// Terminate-mediation grounds: O121 Art. 23 (eight) and O20 Art. 22 (seven).
const TERMINATE: Record<Regime, LegalGround[]> = {
  O121: [
    { code: 'withdrawnOrSettled', article: '《市场监督管理投诉举报处理办法》第二十三条第（一）项', text: '投诉人撤回投诉或者双方自行和解' },
    { code: 'partyAbsent', article: '《市场监督管理投诉举报处理办法》第二十三条第（二）项', text: '投诉人或者被投诉人无正当理由不参加调解，或者被投诉人明确拒绝调解' },
    { code: 'noAgreementPossible', article: '《市场监督管理投诉举报处理办法》第二十三条第（三）项', text: '经组织调解，投诉人或者被投诉人明确表示无法达成调解协议' },
    { code: 'testingCostDispute', article: '《市场监督管理投诉举报处理办法》第二十三条第（四）项', text: '投诉人与被投诉人对委托承担检定、检验、检测、鉴定工作的技术机构或者费用承担无法协商一致' },
    { code: 'periodExpired', article: '《市场监督管理投诉举报处理办法》第二十三条第（五）项', text: '自投诉受理之日起六十日内投诉人和被投诉人未能达成调解协议' },
    { code: 'declineGroundFound', article: '《市场监督管理投诉举报处理办法》第二十三条第（六）项', text: '受理投诉后，发现存在不予受理情形或者第四十二条规定情形' },
    { code: 'partyCeased', article: '《市场监督管理投诉举报处理办法》第二十三条第（七）项', text: '投诉人或者被投诉人死亡或者终止' },
    { code: 'otherLegal', article: '《市场监督管理投诉举报处理办法》第二十三条第（八）项', text: '法律、法规、规章规定的应当终止调解的其他情形' },
  ],
  O20: [
    { code: 'withdrawnOrSettled', article: '《市场监督管理投诉举报处理暂行办法》第二十二条第（一）项', text: '投诉人撤回投诉或者双方自行和解' },
    { code: 'testingCostDispute', article: '《市场监督管理投诉举报处理暂行办法》第二十二条第（二）项', text: '投诉人与被投诉人对委托承担检定、检验、检测、鉴定工作的技术机构或者费用承担无法协商一致' },
    { code: 'partyAbsent', article: '《市场监督管理投诉举报处理暂行办法》第二十二条第（三）项', text: '投诉人或者被投诉人无正当理由不参加调解，或者被投诉人明确拒绝调解' },
    { code: 'noAgreementPossible', article: '《市场监督管理投诉举报处理暂行办法》第二十二条第（四）项', text: '经组织调解，投诉人或者被投诉人明确表示无法达成调解协议' },
    { code: 'periodExpired', article: '《市场监督管理投诉举报处理暂行办法》第二十二条第（五）项', text: '自投诉受理之日起四十五个工作日内投诉人和被投诉人未能达成调解协议' },
    { code: 'declineGroundFound', article: '《市场监督管理投诉举报处理暂行办法》第二十二条第（六）项', text: '市场监督管理部门受理投诉后，发现存在不予受理情形' },
    { code: 'otherLegal', article: '《市场监督管理投诉举报处理暂行办法》第二十二条第（七）项', text: '法律、法规、规章规定的应当终止调解的其他情形' },
  ],
};

export function declineGrounds(regime: Regime): LegalGround[] {
  return DECLINE[regime];
}
export function terminateGrounds(regime: Regime): LegalGround[] {
  return TERMINATE[regime];
}

/** What a decline notice must tell the complainant besides the reason (O121 Art. 16). */
export const OTHER_ROUTES_NOTICE = '您可以通过与经营者协商和解、请求消费者协会或者依法成立的其他调解组织调解、向仲裁机构申请仲裁、向人民法院提起诉讼等途径解决。';
