import { DomainError, domainError } from './domain-error.js';

class Refused extends domainError('SOME_REFUSAL', (field: string, n: number) => ({ message: `第${n}项不可用`, details: { n }, field })) {}
class Plain extends domainError('PLAIN', () => ({ message: '不可用' })) {}

describe('domainError', () => {
  it('gives a named DomainError with its code, message, details and field', () => {
    const e = new Refused('unitId', 3);
    expect(e).toBeInstanceOf(DomainError);
    expect(e).toBeInstanceOf(Refused);
    expect(e.name).toBe('Refused');
    expect(e.code).toBe('SOME_REFUSAL');
    expect(e.message).toBe('第3项不可用');
    expect(e.details).toEqual({ n: 3 });
    expect(e.field).toBe('unitId');
  });

  it('names no field and carries empty details when the text gives none', () => {
    const e = new Plain();
    expect(e.code).toBe('PLAIN');
    expect(e.details).toEqual({});
    expect(e.field).toBeUndefined();
    expect(e).not.toBeInstanceOf(Refused);
  });
});
