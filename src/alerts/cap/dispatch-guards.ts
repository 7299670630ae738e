import { ConflictError } from '../../common/domain-error.js';

/** An alert whose area has no polygon, circle or library area (a CAP import whose geocodes Beacon does not know) reaches nobody. */
export class NoGeometryError extends ConflictError {
  constructor(alertId: string) {
    super(
      'alert.no_geometry',
      'This alert has no polygon, circle or known named area to send to (its CAP areas are descriptions, or geocodes missing from the areas library), so it cannot be approved. Import the areas its geocodes name, or draft it again with a drawn area.',
      { alertId },
    );
  }
}

/** Nothing is sent after an alert's `expires`: approving an expired alert would send old news. */
export class AlertExpiredError extends ConflictError {
  constructor(alertId: string, expiresAt: Date) {
    super('alert.expired', `This alert expired at ${expiresAt.toISOString()}; it cannot be approved.`, { alertId, expiresAt: expiresAt.toISOString() });
  }
}

/** The checks approval makes before a dispatch starts, beyond the lifecycle rules. */
export function assertDispatchable(alert: { id: string; area: Record<string, unknown>; expiresAt?: Date | null }, now: Date): void {
  const count = (list: unknown) => (Array.isArray(list) ? list.length : 0);
  const named = count(alert.area.areaIds) + count(alert.area.geocodes); // library areas, resolved at the freeze
  if (count(alert.area.polygons) + count(alert.area.circles) + named === 0) throw new NoGeometryError(alert.id);
  if (alert.expiresAt && alert.expiresAt <= now) throw new AlertExpiredError(alert.id, alert.expiresAt);
}
