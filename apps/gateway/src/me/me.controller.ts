import { Body, Controller, Get, HttpCode, Put } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IDENTITY_PATTERNS, UserView } from '@bazaar/contracts';
import { InjectRpcClient, RpcClient } from '@bazaar/platform';
import { ApiProblems } from '../openapi/problem.dto';
import { ChangePasswordBody, UserDto } from './auth.dto';
import { SignedIn } from './signed-in.decorator';

@ApiTags('me')
@Controller('api/v1/me')
@SignedIn()
export class MeController {
  constructor(@InjectRpcClient('identity') private readonly identity: RpcClient) {}

  @Get()
  @ApiOperation({ summary: 'The signed-in user' })
  @ApiOkResponse({ type: UserDto })
  @ApiProblems(404, 429)
  me(): Promise<UserView> {
    return this.identity.send(IDENTITY_PATTERNS.me, {});
  }

  @Put('password')
  @HttpCode(204)
  @ApiOperation({ summary: 'Change the password', description: 'Ends every other session of the user.' })
  @ApiNoContentResponse({ description: 'Changed' })
  @ApiProblems(400, 403, 413, 415, 422, 429)
  async changePassword(@Body() body: ChangePasswordBody): Promise<void> {
    await this.identity.send(IDENTITY_PATTERNS.changePassword, body);
  }
}
