import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsUUID } from 'class-validator';
import { IDENTITY_LIMITS, ListUsersRequest, Role, ROLES, UserPage } from '@bazaar/contracts';
import { PageQuery } from '@bazaar/platform';
import { UserDto } from '../auth/auth.dto';

export class UserPageDto implements UserPage {
  @ApiProperty({ type: [UserDto] })
  items!: UserDto[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page' })
  nextCursor!: string | null;
}

export class ListUsersQuery
  extends PageQuery({
    cursor: 'uuid',
    maxLimit: IDENTITY_LIMITS.usersPageSizeMax,
    defaultLimit: IDENTITY_LIMITS.usersPageSizeDefault,
  })
  implements ListUsersRequest {}

export class RoleParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id!: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role!: Role;
}
