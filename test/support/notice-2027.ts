// A notice for 2027 written like the real ones (the real one is not out when this was written), shared by the API and
// browser tests of the notice import. Against the law's provisional calendar of 2027 it adds rest days (01-04, 02-11,
// 05-05, 10-06, 10-07) and make-up working days (01-09, 02-20, 04-25, 09-26, 10-09).
export const NOTICE_2027_TITLE = '国务院办公厅关于2027年部分节假日安排的通知';
export const NOTICE_2027 = [
  NOTICE_2027_TITLE,
  '各省、自治区、直辖市人民政府，国务院各部委、各直属机构：',
  '经国务院批准，现将2027年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。',
  '一、元旦：1月1日（周五）至4日（周一）放假调休，共4天。1月9日（周六）上班。',
  '二、春节：2月5日（农历除夕、周五）至11日（周四）放假调休，共7天。2月20日（星期六）上班。',
  '三、清明节：4月3日（周六）至5日（周一）放假，共3天。',
  '四、劳动节：5月1日（周六）至5日（周三）放假调休，共5天。4月25日（周日）上班。',
  '五、端午节：6月9日（周三）放假1天，不调休。',
  '六、中秋节：9月15日（周三）放假1天，不调休。',
  '七、国庆节：10月1日（周五）至7日（周四）放假调休，共7天。9月26日（周日）、10月9日（周六）上班。',
  '国务院办公厅',
  '2026年11月20日',
].join('\n');
