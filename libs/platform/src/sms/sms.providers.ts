import type { Provider } from '@nestjs/common';
import { AppEnv } from '../config/env.js';
import { Clock } from '../kernel/clock.js';
import { DeliverSms } from './deliver-sms.js';
import { ListSmsMessagesHandler } from './list-messages.query.js';
import { DemoSmsSender } from './infrastructure/demo-sms.sender.js';
import { HttpSmsSender, parseTemplateIds } from './infrastructure/http-sms.sender.js';
import { PrismaSmsMessages, PrismaSmsOutbox } from './infrastructure/prisma-sms.store.js';
import { SmsMessages, SmsOutbox, SmsSender } from './sms.js';

export function smsSender(env: AppEnv, clock: Clock): SmsSender {
  if (env.SMS_CHANNEL === 'http')
    return new HttpSmsSender({
      url: env.SMS_HTTP_URL, accessKeyId: env.SMS_ACCESS_KEY_ID, accessKeySecret: env.SMS_ACCESS_KEY_SECRET,
      signName: env.SMS_SIGN_NAME, templates: parseTemplateIds(env.SMS_TEMPLATES),
    }, clock);
  return new DemoSmsSender();
}

/** SMS wiring for every app (PlatformModule): the sender chosen by SMS_CHANNEL, the outbox, the store, delivery. */
export const smsProviders: Provider[] = [
  { provide: SmsSender, useFactory: smsSender, inject: [AppEnv, Clock] },
  { provide: SmsOutbox, useClass: PrismaSmsOutbox },
  { provide: SmsMessages, useClass: PrismaSmsMessages },
  { provide: DeliverSms, useFactory: (m: SmsMessages, s: SmsSender, c: Clock) => new DeliverSms(m, s, c), inject: [SmsMessages, SmsSender, Clock] },
  ListSmsMessagesHandler,
];
export const smsExports = [SmsSender, SmsOutbox, SmsMessages, DeliverSms];
