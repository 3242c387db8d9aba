import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { IDENTITY_PATTERNS, TokenPair, UserView } from '@bazaar/contracts';
import { InjectRpcClient, RpcClient } from '@bazaar/platform';
import { ApiProblems } from '../openapi/problem.dto';
import { AuthRateLimit } from '../security/rate-limit.decorator';
import { LoginBody, RefreshBody, RegisterBody, TokenPairDto, UserDto } from './auth.dto';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(@InjectRpcClient('identity') private readonly identity: RpcClient) {}

  @Post('register')
  @AuthRateLimit()
  @ApiOperation({ summary: 'Create a customer account', description: 'Then log in to get tokens.' })
  @ApiCreatedResponse({ type: UserDto })
  @ApiProblems(400, 409, 413, 415, 422, 429)
  register(@Body() body: RegisterBody): Promise<UserView> {
    return this.identity.send(IDENTITY_PATTERNS.register, body);
  }

  @Post('login')
  @HttpCode(200)
  @AuthRateLimit()
  @ApiOperation({
    summary: 'Log in',
    description:
      'Returns a 15-minute access token and a single-use refresh token. Limited per address and per account.',
  })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiProblems(400, 401, 413, 415, 429)
  login(@Body() body: LoginBody): Promise<TokenPair> {
    return this.identity.send(IDENTITY_PATTERNS.login, body);
  }

  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Exchange a refresh token for new tokens',
    description:
      'The refresh token is used up. Presenting a used one again ends the whole session (theft detection).',
  })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiProblems(400, 401, 413, 415, 429)
  refresh(@Body() body: RefreshBody): Promise<TokenPair> {
    return this.identity.send(IDENTITY_PATTERNS.refresh, body);
  }

  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'End the session of a refresh token' })
  @ApiNoContentResponse({ description: 'The session is ended; its refresh tokens no longer work' })
  @ApiProblems(400, 401, 413, 415, 429)
  async logout(@Body() body: RefreshBody): Promise<void> {
    await this.identity.send(IDENTITY_PATTERNS.logout, body);
  }
}
