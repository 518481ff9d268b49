import { Injectable } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { ClockSubject } from './clock-subject.js';

/**
 * The subjects the engine fires for: every provider of the application that is a `ClockSubject`, found on first use
 * (a subject only declares itself, no registration call). The engine offers a batch's rungs to them by `order`
 * (lowest first); each reads only the rungs no earlier subject took, so the subject with most clocks (cases, order 0)
 * pays for the one read.
 */
@Injectable()
export class ClockSubjects {
  private list: { subject: ClockSubject; order: number }[] = [];
  private discovered = false;

  constructor(private readonly discovery: DiscoveryService) {}

  /** Adds a subject by hand (one found by discovery is not added twice). */
  register(subject: ClockSubject<any>, order = subject.order): void {
    if (this.list.some((s) => s.subject.name === subject.name)) return;
    this.list = [...this.list, { subject, order }].sort((a, b) => a.order - b.order);
  }

  all(): readonly ClockSubject[] {
    if (!this.discovered) {
      this.discovered = true;
      for (const w of this.discovery.getProviders()) if (w.instance instanceof ClockSubject) this.register(w.instance);
    }
    return this.list.map((s) => s.subject);
  }
}
