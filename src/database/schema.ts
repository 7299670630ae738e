import { AlertEntity } from '../alerts/alert.entity.js';
import { AuditEventEntity } from '../audit/audit-event.entity.js';
import { OperatorEntity } from '../auth/operator.entity.js';
import { DeliveryEntity } from '../dispatch/delivery.entity.js';
import { DispatchRunEntity } from '../dispatch/dispatch-run.entity.js';
import { SubscriberLocationEntity } from '../subscribers/subscriber-location.entity.js';
import { SubscriberEntity } from '../subscribers/subscriber.entity.js';
import { InitialSchema1764000000000 } from '../../migrations/1764000000000-initial-schema.js';

export const ENTITIES = [
  OperatorEntity,
  SubscriberEntity,
  SubscriberLocationEntity,
  AlertEntity,
  DispatchRunEntity,
  DeliveryEntity,
  AuditEventEntity,
];

export const MIGRATIONS = [InitialSchema1764000000000];
