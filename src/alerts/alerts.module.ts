import { Module } from '@nestjs/common';
import { AreasModule } from '../areas/areas.module.js';
import { AudienceModule } from '../audience/audience.module.js';
import { ChannelsModule } from '../channels/channels.module.js';
import { DispatchModule } from '../dispatch/dispatch.module.js';
import { PartnersModule } from '../partners/partners.module.js';
import { TemplatesModule } from '../templates/templates.module.js';
import { AlertDispatchController } from './alert-dispatch.controller.js';
import { AlertDispatchService } from './alert-dispatch.service.js';
import { AlertAreaPermission } from './alert-area-permission.js';
import { AlertDispatcher } from './alert-dispatcher.js';
import { AlertEditor } from './alert-editor.js';
import { AlertApprovals } from './approval/alert-approvals.js';
import { AlertContent } from './approval/alert-content.js';
import { ApprovalsRepository } from './approval/approvals.repository.js';
import { AlertsController } from './alerts.controller.js';
import { AlertsRepository } from './alerts.repository.js';
import { AlertsService } from './alerts.service.js';
import { CapController } from './cap/cap.controller.js';
import { CapService } from './cap/cap.service.js';
import { DispatchCompletionListener } from './dispatch-completion.listener.js';
import { FeedController } from './feed/feed.controller.js';
import { FeedService } from './feed/feed.service.js';
import { AlertLauncher } from './alert-launcher.js';
import { FollowUpController } from './follow-up/follow-up.controller.js';
import { FollowUpRepository } from './follow-up/follow-up.repository.js';
import { FollowUpService } from './follow-up/follow-up.service.js';
import { ScheduleRepository } from './schedule/schedule.repository.js';
import { ScheduledDispatchJob } from './schedule/scheduled-dispatch.job.js';
import { AlertDrafting } from './template/alert-drafting.service.js';

@Module({
  imports: [AreasModule, AudienceModule, ChannelsModule, DispatchModule, PartnersModule, TemplatesModule],
  controllers: [CapController, AlertsController, FollowUpController, FeedController, AlertDispatchController],
  providers: [
    AlertsRepository, AlertsService, AlertDispatchService, AlertDispatcher, DispatchCompletionListener, CapService, FeedService,
    AlertContent, ApprovalsRepository, AlertApprovals, AlertEditor,
    AlertAreaPermission,
    // Templates on alerts, scheduling, Update / Cancel.
    AlertDrafting, AlertLauncher, FollowUpRepository, FollowUpService, ScheduleRepository, ScheduledDispatchJob,
  ],
})
export class AlertsModule {}
