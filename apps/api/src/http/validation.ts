import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { badRequest } from './input.js';
import { SUPPORTED_DATES, fieldMessage } from '#contracts';

const MESSAGES: Record<string, string> = {
  isNotEmpty: '不能为空', isString: '应为文本', isIn: '取值不在允许范围内', isInt: '应为整数', isNumber: '应为数字',
  min: '数值过小', max: '数值过大', maxLength: '内容过长', minLength: '内容过短', isBoolean: '应为是/否',
  isISO8601: '应为 ISO-8601 时间', isDateString: '应为 ISO-8601 时间', matches: '格式不正确', isUuid: '应为 UUID',
  isDefined: '必填', isObject: '应为对象', whitelistValidation: '不是可接受的字段', isPhone: '电话号码格式不正确（手机或带区号的座机）',
  isRegionCode: '行政区划代码应为6位（或9/12位）数字', isLocalDate: '日期应为 YYYY-MM-DD', nestedValidation: '应为对象', isBase64: '应为 Base64 编码',
  isArray: '应为数组', arrayMaxSize: '条目过多', arrayMinSize: '条目过少', arrayNotEmpty: '不能为空', isEnum: '取值不在允许范围内',
  dateInSpan: `日期应在 ${SUPPORTED_DATES.from} 至 ${SUPPORTED_DATES.to} 之间`, unknownValue: '请求体应为 JSON 对象', isPositive: '应为正数',
  isEmail: '格式不正确', isDate: '应为日期', arrayUnique: '不能重复', isNotIn: '取值不允许', equals: '取值不正确',
};
/** A constraint's own message is shown only when it is Chinese (a custom validator's); never class-validator's English. */
const CJK = /[\u4e00-\u9fff]/;
const messageOf = (k: string, own: string) => MESSAGES[k] ?? (CJK.test(own) ? own : '格式不正确');

function flatten(errors: ValidationError[], parent = ''): { field: string; code: string; message: string }[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : (e.property ?? 'body'); // no property: the body itself is no object
    const own = Object.keys(e.constraints ?? {}).map((k) => ({
      field,
      code: k === 'whitelistValidation' ? 'UNKNOWN_FIELD' : k.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase(),
      message: fieldMessage(field, messageOf(k, e.constraints![k]!)),
    }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** 400 `{code, message, fields: [{field, code, message}]}` naming every bad field; nothing reaches a handler. */
export const validationPipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  stopAtFirstError: false,
  exceptionFactory: (errors) => {
    return badRequest(flatten(errors).slice(0, 50)); // a body of 100,000 unknown keys gets a short answer
  },
});
