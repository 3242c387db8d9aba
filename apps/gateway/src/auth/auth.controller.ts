import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { TokenPair, UserView } from '@bazaar/contracts';
import { SkipIdempotency } from '../idempotency/idempotent.decorator';
import { ApiProblem, ApiProblems } from '../openapi/problem.dto';
import { AuthRateLimit } from '../security/rate-limit.decorator';
import {
  AccessToken,
  AccessTokenDto,
  LoginBody,
  RefreshBody,
  RegisterBody,
  TokenPairDto,
  UserDto,
} from './auth.dto';
import { AuthService } from './auth.service';
import { droppingDeadCookies, handOverToBrowser, refreshTokenFromCookie } from './browser-session';
import { clearSessionCookies } from './session-cookies';

/** The answer of a login or refresh: both tokens (JSON form) or only the access token (cookie session). */
const TOKENS_ANSWER = {
  description:
    'Both tokens, or with a cookie session only the access token, the refresh token and a CSRF token being ' +
    'set as the cookies `bazaar_refresh` (HttpOnly, SameSite=Strict, Path=/api/v1/auth) and `bazaar_csrf` ' +
    '(SameSite=Strict, Path=/), both `Secure` over HTTPS.',
  schema: { oneOf: [{ $ref: getSchemaPath(TokenPairDto) }, { $ref: getSchemaPath(AccessTokenDto) }] },
  headers: { 'Set-Cookie': { description: 'With a cookie session only', schema: { type: 'string' } } },
};

/** What a cookie session's refresh and logout need besides the cookie. */
const CsrfHeader = () =>
  ApiHeader({
    name: 'X-CSRF-Token',
    required: false,
    description: 'With the `bazaar_refresh` cookie (no `refreshToken` in the body): the `bazaar_csrf` cookie',
  });
/** A cookie session's refresh and logout may send no body at all. */
const OptionalRefreshBody = () => ApiBody({ type: RefreshBody, required: false });
const CsrfProblem = () =>
  ApiProblem(403, 'CSRF_TOKEN_INVALID: the cookie was sent without an X-CSRF-Token equal to `bazaar_csrf`');

@ApiTags('auth')
@ApiExtraModels(TokenPairDto, AccessTokenDto)
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
      'Returns a 15-minute access token and a single-use refresh token; with `session: "cookie"` (browsers) ' +
      'the refresh token is set as an HttpOnly cookie instead. Limited per address and per account.',
  })
  @ApiOkResponse(TOKENS_ANSWER)
  async login(
    @Body() { session, ...credentials }: LoginBody,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TokenPair | AccessToken> {
    const pair = await this.auth.login(credentials);
    return session === 'cookie' ? handOverToBrowser(pair, request, reply) : pair;
  }

  @Post('refresh')
  // Credentials again; and a refresh token is single use by design, a retry must not get the same pair.
  @SkipIdempotency()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Exchange a refresh token for new tokens',
    description:
      'The refresh token is used up. Presenting a used one again ends the whole session (theft detection). ' +
      'From the body, or from the `bazaar_refresh` cookie with the `X-CSRF-Token` header (both cookies are ' +
      'then replaced).',
  })
  @CsrfHeader()
  @OptionalRefreshBody()
  @ApiOkResponse(TOKENS_ANSWER)
  @CsrfProblem()
  async refresh(
    @Body() body: RefreshBody,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TokenPair | AccessToken> {
    if (body.refreshToken !== undefined) return this.auth.refresh({ refreshToken: body.refreshToken });
    const refreshToken = refreshTokenFromCookie(request);
    const pair = await droppingDeadCookies(request, reply, () => this.auth.refresh({ refreshToken }));
    return handOverToBrowser(pair, request, reply);
  }

  @Post('logout')
  @HttpCode(204)
  @ApiOperation({
    summary: 'End the session of a refresh token',
    description:
      'Every refresh token of the session stops working; access tokens already issued stay valid until they ' +
      'expire. From the body, or from the `bazaar_refresh` cookie with the `X-CSRF-Token` header (both ' +
      'cookies are then cleared).',
  })
  @CsrfHeader()
  @OptionalRefreshBody()
  @ApiNoContentResponse({ description: 'The session is ended; its refresh tokens no longer work' })
  @CsrfProblem()
  async logout(
    @Body() body: RefreshBody,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    if (body.refreshToken !== undefined) return this.auth.logout({ refreshToken: body.refreshToken });
    const refreshToken = refreshTokenFromCookie(request);
    await droppingDeadCookies(request, reply, () => this.auth.logout({ refreshToken }));
    clearSessionCookies(request, reply);
  }
}
