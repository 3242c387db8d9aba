import { Controller, Delete, Get, Param, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UserPage, UserView } from '@bazaar/contracts';
import { UserDto } from '../auth/auth.dto';
import { AdminOnly } from '../auth/signed-in.decorator';
import { ApiProblems } from '../openapi/problem.dto';
import { ListUsersQuery, RoleParams, UserPageDto } from './admin.dto';
import { AdminService } from './admin.service';

@ApiTags('admin')
@Controller('api/v1/admin/users')
@AdminOnly()
export class AdminUsersController {
  constructor(private readonly admin: AdminService) {}

  @Get()
  @ApiOperation({ summary: 'List users (admin)', description: 'Cursor-paginated, oldest account first.' })
  @ApiOkResponse({ type: UserPageDto })
  list(@Query() query: ListUsersQuery): Promise<UserPage> {
    return this.admin.listUsers(query);
  }

  @Put(':id/roles/:role')
  @ApiOperation({
    summary: 'Grant a role (admin)',
    description: "Takes effect in the user's next access token.",
  })
  @ApiOkResponse({ type: UserDto })
  @ApiProblems(404)
  grant(@Param() { id, role }: RoleParams): Promise<UserView> {
    return this.admin.grantRole(id, role);
  }

  @Delete(':id/roles/:role')
  @ApiOperation({
    summary: 'Revoke a role (admin)',
    description: 'The last administrator keeps the admin role (409).',
  })
  @ApiOkResponse({ type: UserDto })
  @ApiProblems(404, 409)
  revoke(@Param() { id, role }: RoleParams): Promise<UserView> {
    return this.admin.revokeRole(id, role);
  }
}
