import { AlertEntity } from '../alerts/alert.entity.js';
import { AlertApprovalEntity } from '../alerts/approval/alert-approval.entity.js';
import { ApprovalRules1764700000000 } from '../../migrations/1764700000000-approval-rules.js';
import { AlertFollowUps1764800000000 } from '../../migrations/1764800000000-alert-follow-ups.js';
import { AuditEventEntity } from '../audit/audit-event.entity.js';
import { OperatorEntity } from '../auth/operator.entity.js';
import { DeliveryEntity } from '../dispatch/delivery.entity.js';
import { DispatchRunEntity } from '../dispatch/dispatch-run.entity.js';
import { AudienceFreezeEntity } from '../audience/audience-freeze.entity.js';
import { AudienceMemberLocationEntity } from '../audience/audience-member-location.entity.js';
import { AudienceMemberEntity } from '../audience/audience-member.entity.js';
import { AudienceMembers1765100000000 } from '../../migrations/1765100000000-audience-members.js';
import { AudienceProfile1765200000000 } from '../../migrations/1765200000000-audience-profile.js';
import { LocationOwnerCheck1765300000000 } from '../../migrations/1765300000000-location-owner-check.js';
import { RunChannels1765400000000 } from '../../migrations/1765400000000-run-channels.js';
import { AudienceCells1765500000000 } from '../../migrations/1765500000000-audience-cells.js';
import { SenderPacingEntity } from '../dispatch/sender-pacing.entity.js';
import { SubscriberLocationEntity } from '../subscribers/subscriber-location.entity.js';
import { SubscriberEntity } from '../subscribers/subscriber.entity.js';
import { InitialSchema1764000000000 } from '../../migrations/1764000000000-initial-schema.js';
import { CapAlerts1764100000000 } from '../../migrations/1764100000000-cap-alerts.js';
import { OperatorKeys1764600000000 } from '../../migrations/1764600000000-operator-keys.js';
import { OperatorAreas1764710000000 } from '../../migrations/1764710000000-operator-areas.js';
import { SubscriberEmail1764650000000 } from '../../migrations/1764650000000-subscriber-email.js';
import { PartnerEndpoints1764900000000 } from '../../migrations/1764900000000-partner-endpoints.js';
import { PartnerEndpointEntity } from '../partners/partner-endpoint.entity.js';
import { DispatchEngine1764300000000 } from '../../migrations/1764300000000-dispatch-engine.js';
import { DispatchFallback1765000000000 } from '../../migrations/1765000000000-dispatch-fallback.js';
import { Responses1764400000000 } from '../../migrations/1764400000000-responses.js';
import { ResponseEntity } from '../receipts/inbound/response.entity.js';
import { CitizensAudience1764200000000 } from '../../migrations/1764200000000-citizens-audience.js';
import { AreaEntity } from '../areas/library/area.entity.js';
import { OptinAttemptEntity } from '../subscribers/optin-attempt.entity.js';
import { TemplateEntity } from '../templates/template.entity.js';
import { TemplateVersionEntity } from '../templates/template-version.entity.js';
import { Templates1764500000000 } from '../../migrations/1764500000000-templates.js';

export const ENTITIES = [
  OperatorEntity,
  SubscriberEntity,
  SubscriberLocationEntity,
  AlertEntity,
  AlertApprovalEntity,
  DispatchRunEntity,
  DeliveryEntity,
  SenderPacingEntity,
  AuditEventEntity,
  ResponseEntity,
  AreaEntity,
  OptinAttemptEntity,
  TemplateEntity,
  TemplateVersionEntity,
  PartnerEndpointEntity,
  AudienceMemberEntity,
  AudienceMemberLocationEntity,
  AudienceFreezeEntity,
];

export const MIGRATIONS = [
  InitialSchema1764000000000,
  CapAlerts1764100000000,
  CitizensAudience1764200000000,
  DispatchEngine1764300000000,
  Responses1764400000000,
  Templates1764500000000,
  OperatorKeys1764600000000,
  SubscriberEmail1764650000000,
  ApprovalRules1764700000000,
  OperatorAreas1764710000000,
  AlertFollowUps1764800000000,
  PartnerEndpoints1764900000000,
  DispatchFallback1765000000000,
  AudienceMembers1765100000000,
  AudienceProfile1765200000000,
  LocationOwnerCheck1765300000000,
  RunChannels1765400000000,
  AudienceCells1765500000000,
];
