import { Injectable } from '@nestjs/common';
import { ClockSubject } from './clock-subject.js';

/**
 * The subjects the engine fires for. The engine offers a batch's rungs to them by `order` (lowest first); each reads
 * only the rungs no earlier subject took, so the subject with most clocks (cases, order 0) pays for the one read.
 */
@Injectable()
export class ClockSubjects {
  private list: { subject: ClockSubject; order: number }[] = [];

  register(subject: ClockSubject<any>, order = 100): void {
    if (this.list.some((s) => s.subject.name === subject.name)) return;
    this.list = [...this.list, { subject, order }].sort((a, b) => a.order - b.order);
  }

  all(): readonly ClockSubject[] {
    return this.list.map((s) => s.subject);
  }
}
