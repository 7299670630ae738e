import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { runSql } from '../../database/sql.js';
import { OptinAttemptEntity } from '../optin-attempt.entity.js';

@Injectable()
export class OptinRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Attempts started for this phone and for this address since `since` (both indexed). */
  async recentCounts(phone: string, ip: string, since: Date): Promise<{ phone: number; ip: number }> {
    const rows: { phone: number; ip: number }[] = await this.dataSource.query(
      `SELECT (SELECT count(*) FROM optin_attempt WHERE phone = $1 AND created_at > $3)::int AS phone,
              (SELECT count(*) FROM optin_attempt WHERE ip = $2 AND created_at > $3)::int AS ip`,
      [phone, ip, since],
    );
    return rows[0] ?? { phone: 0, ip: 0 };
  }

  async insert(input: { id: string; phone: string; ip: string; codeHash: Buffer; request: Record<string, unknown>; wordingVersion: string; expiresAt: Date }): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO optin_attempt (id, phone, ip, code_hash, request, wording_version, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [input.id, input.phone, input.ip, input.codeHash, JSON.stringify(input.request), input.wordingVersion, input.expiresAt],
    );
  }

  async remove(id: string): Promise<void> {
    await runSql(this.dataSource, `DELETE FROM optin_attempt WHERE id = $1`, [id]);
  }

  lock(manager: EntityManager, id: string): Promise<OptinAttemptEntity | null> {
    return manager.getRepository(OptinAttemptEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async recordWrongCode(manager: EntityManager, id: string, wrongCodes: number, locked: boolean): Promise<void> {
    await runSql(manager, `UPDATE optin_attempt SET wrong_codes = $2, state = $3 WHERE id = $1`, [id, wrongCodes, locked ? 'locked' : 'pending']);
  }

  async markConfirmed(manager: EntityManager, id: string, at: Date): Promise<void> {
    await runSql(manager, `UPDATE optin_attempt SET state = 'confirmed', confirmed_at = $2 WHERE id = $1`, [id, at]);
  }
}
