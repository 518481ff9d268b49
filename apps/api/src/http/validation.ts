import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';
import { fieldLabel, fieldMessage } from '#contracts';

const MESSAGES: Record<string, string> = {
  isNotEmpty: '不能为空', isString: '应为文本', isIn: '取值不在允许范围内', isInt: '应为整数', isNumber: '应为数字',
  min: '数值过小', max: '数值过大', maxLength: '内容过长', minLength: '内容过短', isBoolean: '应为是/否',
  isISO8601: '应为 ISO-8601 时间', isDateString: '应为 ISO-8601 时间', matches: '格式不正确', isUuid: '应为 UUID',
  isDefined: '必填', isObject: '应为对象', whitelistValidation: '不是可接受的字段', isPhone: '电话号码格式不正确（手机或带区号的座机）',
  isRegionCode: '行政区划代码应为6位（或9/12位）数字', isLocalDate: '日期应为 YYYY-MM-DD', nestedValidation: '应为对象', isBase64: '应为 Base64 编码',
};

function flatten(errors: ValidationError[], parent = ''): { field: string; code: string; message: string }[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.keys(e.constraints ?? {}).map((k) => ({
      field,
      code: k === 'whitelistValidation' ? 'UNKNOWN_FIELD' : k.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase(),
      message: fieldMessage(field, MESSAGES[k] ?? e.constraints![k]!),
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
    const fields = flatten(errors);
    return new BadRequestException({ code: 'VALIDATION_FAILED', message: `输入有误：${[...new Set(fields.map((f) => fieldLabel(f.field) || '标出的字段'))].join('、')}`, fields });
  },
});
