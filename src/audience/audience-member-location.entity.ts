import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The third and further locations of an active subscriber (few people have them); rank 3 upwards. */
@Entity('audience_member_location')
export class AudienceMemberLocationEntity {
  @PrimaryColumn('uuid', { name: 'subscriber_id', primaryKeyConstraintName: 'audience_member_location_pkey' })
  subscriberId!: string;

  @PrimaryColumn('integer', { primaryKeyConstraintName: 'audience_member_location_pkey' })
  rank!: number;

  @Column('point')
  position!: string;
}
