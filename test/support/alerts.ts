import type TestAgent from 'supertest/lib/agent.js';
import type { Response } from 'supertest';
import type { ApproveAlertDto } from '../../src/alerts/dto/approve-alert.dto.js';

/**
 * Approves an alert the way an approver does: reads it, then approves exactly the content hash it
 * shows, typing its status again. Returns the approve response (checked against `expectStatus`).
 */
export async function approveAlert(http: TestAgent, authHeader: { Authorization: string }, alertId: string, expectStatus = 200): Promise<Response> {
  const alert = (await http.get(`/api/v1/alerts/${alertId}`).set(authHeader).expect(200)).body as { contentHash: string; status: ApproveAlertDto['confirmStatus'] };
  const body: ApproveAlertDto = { contentHash: alert.contentHash, confirmStatus: alert.status };
  return http.post(`/api/v1/alerts/${alertId}/approve`).set(authHeader).send(body).expect(expectStatus);
}
