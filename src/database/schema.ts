import { AlertEntity } from '../alerts/alert.entity.js';
import { AuditEventEntity } from '../audit/audit-event.entity.js';
import { OperatorEntity } from '../auth/operator.entity.js';
import { DeliveryEntity } from '../dispatch/delivery.entity.js';
import { DispatchRunEntity } from '../dispatch/dispatch-run.entity.js';
import { SenderPacingEntity } from '../dispatch/sender-pacing.entity.js';
import { SubscriberLocationEntity } from '../subscribers/subscriber-location.entity.js';
import { SubscriberEntity } from '../subscribers/subscriber.entity.js';
import { InitialSchema1764000000000 } from '../../migrations/1764000000000-initial-schema.js';
import { CapAlerts1764100000000 } from '../../migrations/1764100000000-cap-alerts.js';
import { OperatorKeys1764600000000 } from '../../migrations/1764600000000-operator-keys.js';
import { SubscriberEmail1764650000000 } from '../../migrations/1764650000000-subscriber-email.js';
import { DispatchEngine1764300000000 } from '../../migrations/1764300000000-dispatch-engine.js';
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
  DispatchRunEntity,
  DeliveryEntity,
  SenderPacingEntity,
  AuditEventEntity,
  ResponseEntity,
  AreaEntity,
  OptinAttemptEntity,
  TemplateEntity,
  TemplateVersionEntity,
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
];
