import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { TokenPair, UserView } from '@bazaar/contracts';
import { SkipIdempotency } from '../idempotency/idempotent.decorator';
import { ApiProblems } from '../openapi/problem.dto';
import { AuthRateLimit } from '../security/rate-limit.decorator';
import { LoginBody, RefreshBody, RegisterBody, TokenPairDto, UserDto } from './auth.dto';
import { AuthService } from './auth.service';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('register')
  @AuthRateLimit()
  @ApiOperation({
    summary: 'Create a customer account',
    description: 'Then log in to get tokens. Limited per address and per account.',
  })
  @ApiCreatedResponse({ type: UserDto })
  @ApiProblems(409, 422)
  register(@Body() body: RegisterBody): Promise<UserView> {
    return this.auth.register(body);
  }

  @Post('login')
  // Its answer is credentials: never kept for a replay.
  @SkipIdempotency()
  @HttpCode(200)
  @AuthRateLimit()
  @ApiOperation({
    summary: 'Log in',
    description:
      'Returns a 15-minute access token and a single-use refresh token. Limited per address and per account.',
  })
  @ApiOkResponse({ type: TokenPairDto })
  login(@Body() body: LoginBody): Promise<TokenPair> {
    return this.auth.login(body);
  }

  @Post('refresh')
  // Credentials again; and a refresh token is single use by design, a retry must not get the same pair.
  @SkipIdempotency()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Exchange a refresh token for new tokens',
    description:
      'The refresh token is used up. Presenting a used one again ends the whole session (theft detection).',
  })
  @ApiOkResponse({ type: TokenPairDto })
  refresh(@Body() body: RefreshBody): Promise<TokenPair> {
    return this.auth.refresh(body);
  }

  @Post('logout')
  @HttpCode(204)
  @ApiOperation({
    summary: 'End the session of a refresh token',
    description:
      'Every refresh token of the session stops working; access tokens already issued stay valid until they ' +
      'expire.',
  })
  @ApiNoContentResponse({ description: 'The session is ended; its refresh tokens no longer work' })
  logout(@Body() body: RefreshBody): Promise<void> {
    return this.auth.logout(body);
  }
}
