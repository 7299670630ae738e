import type { DataSource } from 'typeorm';

/** Every `audience_member` row with its further locations, in id order: what the import and the triggers must agree on. */
export function audienceRows(dataSource: DataSource): Promise<unknown[]> {
  return dataSource.query(
    `SELECT m.subscriber_id, m.phone, m.email, m.language, m.channels, m.channel_list, m.tags, m.regions, m.loc1::text, m.loc2::text, m.more_locations,
            (SELECT array_agg(e.rank || ' ' || e.position::text ORDER BY e.rank) FROM audience_member_location e WHERE e.subscriber_id = m.subscriber_id) AS further
     FROM audience_member m ORDER BY m.subscriber_id`,
  );
}
