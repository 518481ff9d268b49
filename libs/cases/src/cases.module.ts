import { Module } from '@nestjs/common';
import { DeadlinesModule } from '#deadlines-nest';
import { OrgModule } from '#org-nest';
import { CaseWorkflow } from './application/case-workflow.js';
import { DecisionNotifier, RatingTokens } from './application/decision-notifier.js';
import { RecordNoticeDeliveredHandler } from './application/commands/notice-delivered.handler.js';
import { PrismaRatingLinks, PrismaRatingTokens } from './infrastructure/rating-tokens.store.js';
import { GetRatingHandler, RatingLinks, SubmitRatingHandler } from './application/public-rating.js';
import { CategoryStore } from './infrastructure/category.store.js';
import {
  AcceptCaseHandler, AddMediationNoteHandler, RecordContactHandler, CloseCaseHandler, DeclineCaseHandler, DispatchCaseHandler,
  NotifyTerminationHandler, RecordCallbackHandler, RecordCallbackUnreachableHandler, SignCaseHandler,
} from './application/commands/case-actions.handler.js';
import { DecideExtensionHandler, PauseClockHandler, RequestExtensionHandler, ResumeClockHandler } from './application/commands/clock-actions.handler.js';
import { CaseReprojection } from './application/case-reprojection.js';
import { CaseClockSubject } from './infrastructure/case-clock.subject.js';
import { SupervisionClockSubject } from './infrastructure/supervision-clock.subject.js';
import { ExplainDeadlinesHandler, ListPendingExtensionsHandler } from './application/queries/deadline.queries.js';
import { ListNotificationsHandler, MarkAllNotificationsReadHandler, MarkNotificationReadHandler } from './application/queries/notification.queries.js';
import { Notifier } from './application/notifier.js';
import { RegisterCaseHandler } from './application/commands/register-case.handler.js';
import {
  AddVerificationNoteHandler, AnswerInquiryHandler, ConvertInquiryHandler, DecideReportHandler, DesignateJurisdictionHandler, MergeCaseHandler, NotifyReporterHandler,
  RaiseJurisdictionDisputeHandler, RecallCaseHandler, SettleJurisdictionDisputeHandler, ReferCaseUpHandler, RejectReturnHandler, ReturnCaseHandler, TakeOverCaseHandler, TransferCaseHandler, TransferCaseOutHandler,
} from './application/commands/handoff-actions.handler.js';
import { CaseHintsHandler, GetCaseLinksHandler } from './application/queries/handoff.queries.js';
import { GetCaseHandler, GetCaseLoadHandler, GetTimelineHandler, ListCasesHandler, RegisteredCaseViewHandler } from './application/queries/case.queries.js';
import { AttachmentRepository, CaseAccess, CaseClockReads, CaseReads, ClockDetails, CaseRepository, CaseViews, DocumentRepository, IdentityAudit, Inbox } from './application/ports.js';
import { PrismaCaseClockReads } from './infrastructure/prisma-case-clocks.js';
import { PrismaClockDetails } from './infrastructure/prisma-clock-details.js';
import { PrismaAttachmentRepository, PrismaCaseAccess, PrismaCaseReads, PrismaDocumentRepository, PrismaIdentityAudit } from './infrastructure/prisma-case-files.repositories.js';
import { PrismaInbox } from './infrastructure/prisma-inbox.js';
import { PrismaCaseViews } from './infrastructure/prisma-case-views.js';
import { DownloadAttachmentHandler, ListAttachmentsHandler, UploadAttachmentHandler } from './application/attachments.handler.js';
import {
  CorrectDocumentHandler, DocumentIssuer, GetDocumentHandler, GetTemplateVersionsHandler, ListDocumentsHandler, ListTemplatesHandler,
  PreviewDocumentHandler, SaveTemplateHandler,
} from './application/documents.handler.js';
import { AttachmentStore, PgAttachmentStore } from './infrastructure/case-files.store.js';
import { IdentitySearchLimiter } from './infrastructure/identity-search.limiter.js';
import { ListIdentityReadsHandler } from './application/queries/identity-reads.queries.js';
import { PrismaCaseRepository } from './infrastructure/prisma-case.repository.js';
import { IntakeAdmission } from './infrastructure/intake-admission.js';
import {
  AddCoUnitsHandler, AnswerSupervisionHandler, OpenSupervisionHandler, ReleaseCoUnitHandler, SubmitCoReportHandler,
} from './application/commands/cohandling-actions.handler.js';
import { GetCaseSupervisionsHandler, GetCoUnitsHandler, ListSupervisionsHandler } from './application/queries/cohandling.queries.js';
import { publicHandlers, publicServices } from './application/public/public.handlers.js';
import { PublicCaseReader, PublicFilingStore, SmsCodeStore, WrongCodeCounter } from './application/public/public.ports.js';
import { odrHandlers } from './application/odr/odr.handlers.js';
import { odrCaseHandlers } from './application/odr/odr-case.handlers.js';
import { OdrExits } from './application/odr/odr-exits.js';
import { OdrWindowWarnings } from './application/odr/odr-window-warning.js';
import { OdrCases, OdrEnterprises } from './application/odr/odr.ports.js';
import { PrismaOdrCases, PrismaOdrEnterprises } from './infrastructure/odr.store.js';
import { OdrClockSubject } from './infrastructure/odr-clock.subject.js';
import { PrismaPublicCaseReader, PrismaPublicFilingStore, PrismaSmsCodeStore, RedisWrongCodeCounter } from './infrastructure/public.store.js';

@Module({
  imports: [DeadlinesModule, OrgModule],
  providers: [
    IntakeAdmission,
    { provide: CaseRepository, useClass: PrismaCaseRepository },
    { provide: Inbox, useClass: PrismaInbox },
    { provide: CaseAccess, useClass: PrismaCaseAccess }, { provide: CaseReads, useClass: PrismaCaseReads }, { provide: CaseClockReads, useClass: PrismaCaseClockReads }, { provide: ClockDetails, useClass: PrismaClockDetails }, { provide: CaseViews, useClass: PrismaCaseViews }, { provide: IdentityAudit, useClass: PrismaIdentityAudit },
    { provide: AttachmentRepository, useClass: PrismaAttachmentRepository }, { provide: DocumentRepository, useClass: PrismaDocumentRepository },
    CaseWorkflow, CategoryStore, IdentitySearchLimiter,
    // issue 16: decision notices by SMS, 回访 links
    DecisionNotifier, { provide: RatingTokens, useClass: PrismaRatingTokens }, { provide: RatingLinks, useClass: PrismaRatingLinks },
    RecordNoticeDeliveredHandler, GetRatingHandler, SubmitRatingHandler,
    RegisterCaseHandler, SignCaseHandler, AcceptCaseHandler, DeclineCaseHandler, AddMediationNoteHandler, RecordContactHandler, CloseCaseHandler,
    NotifyTerminationHandler, RecordCallbackHandler, RecordCallbackUnreachableHandler, DispatchCaseHandler, Notifier,
    PauseClockHandler, ResumeClockHandler, RequestExtensionHandler, DecideExtensionHandler,
    // issue 12: case deadlines are a subject of the clock engine (libs/deadlines fires and re-projects them)
    CaseClockSubject, CaseReprojection, SupervisionClockSubject,
    ExplainDeadlinesHandler, ListPendingExtensionsHandler, ListNotificationsHandler, MarkNotificationReadHandler, MarkAllNotificationsReadHandler,
    GetCaseHandler, ListCasesHandler, GetCaseLoadHandler, GetTimelineHandler, RegisteredCaseViewHandler,
    // issue 4: hand-offs, reports, inquiries
    ReturnCaseHandler, RejectReturnHandler, TransferCaseHandler, TransferCaseOutHandler, TakeOverCaseHandler, ReferCaseUpHandler, RecallCaseHandler,
    RaiseJurisdictionDisputeHandler, SettleJurisdictionDisputeHandler, DesignateJurisdictionHandler,
    AddVerificationNoteHandler, DecideReportHandler, NotifyReporterHandler, AnswerInquiryHandler, MergeCaseHandler, ConvertInquiryHandler,
    CaseHintsHandler, GetCaseLinksHandler,
    // issue 4: co-handling and supervision
    AddCoUnitsHandler, SubmitCoReportHandler, ReleaseCoUnitHandler, OpenSupervisionHandler, AnswerSupervisionHandler,
    GetCoUnitsHandler, GetCaseSupervisionsHandler, ListSupervisionsHandler,
    // issue 13: attachments and documents (文书)
    { provide: AttachmentStore, useClass: PgAttachmentStore },
    UploadAttachmentHandler, ListAttachmentsHandler, DownloadAttachmentHandler,
    DocumentIssuer, ListDocumentsHandler, GetDocumentHandler, PreviewDocumentHandler, CorrectDocumentHandler,
    ListTemplatesHandler, GetTemplateVersionsHandler, SaveTemplateHandler,
    // issue 16: the public side (online filing and tracking)
    { provide: SmsCodeStore, useClass: PrismaSmsCodeStore }, { provide: WrongCodeCounter, useClass: RedisWrongCodeCounter },
    { provide: PublicFilingStore, useClass: PrismaPublicFilingStore }, { provide: PublicCaseReader, useClass: PrismaPublicCaseReader },
    ...publicServices, ...publicHandlers,
    // issue 17: ODR enterprises
    { provide: OdrEnterprises, useClass: PrismaOdrEnterprises }, { provide: OdrCases, useClass: PrismaOdrCases }, OdrExits, OdrWindowWarnings, OdrClockSubject,
    ...odrHandlers, ...odrCaseHandlers,
    // issue 11: the audit of identity reads
    ListIdentityReadsHandler,
  ],
  exports: [DeadlinesModule, OrgModule, Inbox, IntakeAdmission],
})
export class CasesModule {}
