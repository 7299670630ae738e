import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One row per active subscriber: what the audience needs, in one narrow row, so that preview and
 * freeze scan one table. Written only by the database (triggers on `subscriber` and
 * `subscriber_location`, see migration 1765100000000) and by the bulk import; never by the ORM.
 */
@Entity('audience_member')
export class AudienceMemberEntity {
  @PrimaryColumn('uuid', { name: 'subscriber_id', primaryKeyConstraintName: 'audience_member_pkey' })
  subscriberId!: string;

  @Column('text', { nullable: true })
  phone!: string | null;

  @Column('text', { nullable: true })
  email!: string | null;

  @Column('text')
  language!: string;

  @Column('text', { array: true })
  channels!: string[];

  /** `channels` joined with commas: a cheap key for the preview to count by. */
  @Column('text', { name: 'channel_list' })
  channelList!: string;

  @Column('text', { array: true })
  tags!: string[];

  @Column('uuid', { array: true })
  regions!: string[];

  /** The subscriber's first and second locations (by id); further ones are in audience_member_location. */
  @Column('point', { nullable: true })
  loc1!: string | null;

  @Column('point', { nullable: true })
  loc2!: string | null;

  @Column('boolean', { name: 'more_locations', default: false })
  moreLocations!: boolean;

  /** When the subscriber last became active (a staged freeze leaves out who joined after the approval). */
  @Column('timestamptz', { name: 'member_since', default: () => 'now()' })
  memberSince!: Date;
}
