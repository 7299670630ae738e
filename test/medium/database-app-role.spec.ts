import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { ensureAppRole } from '../../src/database/app-role.js';
import { createDataSource, openDatabase } from '../../src/database/data-source.js';
import { connect, createTestDatabase, type TestDatabase } from '../support/database.js';
import { adminQuery } from '../support/test-server.js';

const ROLE = 'beacon_app';

/** Rejects with the PostgreSQL error, so its SQLSTATE and message can be checked. */
async function failure(run: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await run;
  } catch (error) {
    const driverError = (error as { driverError?: { code: string; message: string } }).driverError;
    return { code: driverError?.code ?? '', message: driverError?.message ?? String(error) };
  }
  throw new Error('expected the statement to fail');
}

const insertEvent = (dataSource: DataSource, seq: number) =>
  dataSource.query(
    `INSERT INTO audit_event (seq, at, actor, action, subject_type, subject_id, data, prev_hash, hash) VALUES ($1, now(), 'test', 'test.event', 'test', 'x', '{}', 'p', 'h')`,
    [seq],
  );

describe('the application database role (audit_event append-only by privilege)', () => {
  let db: TestDatabase;
  let app: DataSource;
  const warnings: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await openDatabase(db.url, { poolSize: 2, appRole: ROLE, warn: (message) => warnings.push(message) });
  });
  afterAll(async () => {
    await app.destroy();
    await db.drop();
  });

  it('runs every pooled connection as the role', async () => {
    expect(warnings).toEqual([]);
    const rows: { current_user: string }[][] = await Promise.all([1, 2, 3].map(() => app.query('SELECT current_user')));
    expect(rows.map((r) => r[0]!.current_user)).toEqual([ROLE, ROLE, ROLE]);
  });

  it('lets the role insert and read audit events', async () => {
    await insertEvent(app, 1);
    await insertEvent(app, 2);
    expect(await app.query('SELECT count(*)::int AS n FROM audit_event')).toEqual([{ n: 2 }]);
  });

  it('refuses UPDATE, DELETE and TRUNCATE of audit_event on privileges (42501), before the trigger', async () => {
    for (const sql of [`UPDATE audit_event SET actor = 'mallory' WHERE seq = 1`, 'DELETE FROM audit_event WHERE seq = 1', 'TRUNCATE audit_event']) {
      const refused = await failure(app.query(sql));
      expect(refused.code, sql).toBe('42501');
      // The trigger says "append-only"; this is the privilege check, which runs first.
      expect(refused.message, sql).toMatch(/permission denied for table audit_event/);
    }
    // No row matches, so no row trigger could fire: only a privilege can refuse this.
    expect((await failure(app.query('DELETE FROM audit_event WHERE false'))).code).toBe('42501');
    expect(await app.query('SELECT actor FROM audit_event WHERE seq = 1')).toEqual([{ actor: 'test' }]);
  });

  it('keeps UPDATE and DELETE on the other tables, and the owner keeps the migrations', async () => {
    const [{ id }]: [{ id: string }] = await app.query(`INSERT INTO operator (name, roles, api_key_hash, api_key_prefix) VALUES ('x', '{operator}', '\\x01', 'bk_x') RETURNING id`);
    await app.query(`UPDATE operator SET name = 'y' WHERE id = $1`, [id]);
    await app.query(`DELETE FROM operator WHERE id = $1`, [id]);
    expect((await failure(app.query(`DELETE FROM migrations`))).code).toBe('42501');
    const owner = await connect(db);
    try {
      expect(await owner.showMigrations()).toBe(false);
    } finally {
      await owner.destroy();
    }
  });

  it('is idempotent and safe when many start-ups race, on one database and on several', async () => {
    const other = await createTestDatabase();
    const owners = [db, db, other, other, db, other].map((database) => createDataSource(database.url, 1));
    // A role nobody has made yet, so the creations race too.
    const fresh = `beacon_race_${randomBytes(4).toString('hex')}`;
    try {
      await Promise.all(owners.map((owner) => owner.initialize()));
      for (const role of [fresh, ROLE]) {
        const outcomes = await Promise.all(owners.map((owner) => ensureAppRole(owner, role)));
        expect(outcomes.map((outcome) => outcome.active)).toEqual(owners.map(() => true));
      }
    } finally {
      await Promise.all(owners.map((owner) => owner.destroy()));
      await other.drop();
      await adminQuery(db.url, `DROP OWNED BY ${fresh}`);
      await adminQuery(inject('pgAdminUrl'), `DROP ROLE IF EXISTS ${fresh}`);
    }
  });

  it('is a no-op, with the reason, where the connecting user may not create roles', async () => {
    const user = `beacon_limited_${randomBytes(4).toString('hex')}`;
    const adminUrl = inject('pgAdminUrl');
    await adminQuery(adminUrl, `CREATE ROLE ${user} LOGIN PASSWORD 'limited' NOCREATEROLE`);
    const url = new URL(db.url);
    url.username = user;
    url.password = 'limited';
    const limited = createDataSource(url.toString(), 1);
    try {
      await limited.initialize();
      const outcome = await ensureAppRole(limited, `beacon_never_${randomBytes(4).toString('hex')}`);
      expect(outcome).toMatchObject({ active: false, reason: expect.stringMatching(/permission denied to create role.*42501/) });
    } finally {
      await limited.destroy();
      await adminQuery(adminUrl, `DROP ROLE ${user}`);
    }
  });
});
