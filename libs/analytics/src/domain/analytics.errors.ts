import { DomainError, InvalidInput, NotFound } from '#kernel';

export class InvalidPeriod extends InvalidInput {
  constructor(field: string, message: string) {
    super([{ field, code: 'INVALID_PERIOD', message }]);
  }
}

export class UnknownIndicator extends InvalidInput {
  constructor(code: string) {
    super([{ field: 'indicator', code: 'UNKNOWN_INDICATOR', message: `未知指标：${code}` }]);
  }
}

/** The unit is outside what the viewer may see (403). */
export class UnitOutOfScope extends DomainError {
  readonly code = 'FORBIDDEN';
  constructor(unitId: string) {
    super('无权查看该单位的统计', { unitId });
  }
}

export class AnalysisReportNotFound extends NotFound {
  constructor(id: string) {
    super('分析报告', id);
  }
}

export class HotspotNotFound extends DomainError {
  readonly code = 'NOT_FOUND';
  constructor(kind: string, key: string) {
    super('所选热点在该期间没有数据', { kind, key });
  }
}
