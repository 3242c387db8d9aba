import { Body, Controller, Get, HttpCode, Put } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UserView } from '@bazaar/contracts';
import { UserDto } from '../auth/auth.dto';
import { SignedIn } from '../auth/signed-in.decorator';
import { ApiProblems } from '../openapi/problem.dto';
import { ChangePasswordBody } from './me.dto';
import { MeService } from './me.service';

@ApiTags('me')
@Controller('api/v1/me')
@SignedIn()
export class MeController {
  constructor(private readonly account: MeService) {}

  @Get()
  @ApiOperation({
    summary: 'The signed-in user',
    description: 'The account the access token was issued to, with its current roles.',
  })
  @ApiOkResponse({ type: UserDto })
  @ApiProblems(404)
  me(): Promise<UserView> {
    return this.account.me();
  }

  @Put('password')
  @HttpCode(204)
  @ApiOperation({ summary: 'Change the password', description: 'Ends every other session of the user.' })
  @ApiNoContentResponse({ description: 'Changed' })
  @ApiProblems(403, 422)
  changePassword(@Body() body: ChangePasswordBody): Promise<void> {
    return this.account.changePassword(body);
  }
}
