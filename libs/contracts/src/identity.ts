/** Message patterns of the identity service (Nest TCP transport). */
export const IDENTITY_PATTERNS = {
  register: 'identity.users.register',
  login: 'identity.sessions.login',
  refresh: 'identity.sessions.refresh',
  logout: 'identity.sessions.logout',
  changePassword: 'identity.users.change-password',
  me: 'identity.users.me',
  listUsers: 'identity.admin.users.list',
  grantRole: 'identity.admin.roles.grant',
  revokeRole: 'identity.admin.roles.revoke',
  /** Public keys that verify every token identity issues; callable without a service token. */
  jwks: 'identity.keys.jwks',
  /** Client credentials -> a short-lived service token; callable without a service token. */
  serviceToken: 'identity.service-tokens.issue',
} as const;

export const ROLES = ['customer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const IDENTITY_LIMITS = {
  emailMaxLength: 254,
  displayNameMaxLength: 100,
  passwordMinLength: 10,
  /** Long enough for any passphrase, short enough that hashing it is never a denial of service. */
  passwordMaxLength: 256,
  refreshTokenMaxLength: 128,
  usersPageSizeMax: 100,
  usersPageSizeDefault: 20,
} as const;

/** Who made a request, as the gateway verified it; forwarded to services with each RPC. */
export interface Caller {
  userId: string;
  roles: Role[];
  /** The login session (refresh family) the caller's token belongs to. */
  sessionId?: string;
}

export interface UserView {
  id: string;
  email: string;
  displayName: string;
  roles: Role[];
  createdAt: string;
}

export interface UserPage {
  items: UserView[];
  nextCursor: string | null;
}

export interface TokenPair {
  accessToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  tokenType: 'Bearer';
  /** Opaque; single use: every refresh returns a new one. */
  refreshToken: string;
  refreshExpiresIn: number;
}

export interface RegisterRequest {
  email: string;
  displayName: string;
  password: string;
}

export interface LoginRequest {
  email: string;
  password: string;
}

export interface RefreshRequest {
  refreshToken: string;
}

export interface ChangePasswordRequest {
  currentPassword: string;
  newPassword: string;
}

export interface ListUsersRequest {
  cursor?: string;
  limit?: number;
}

export interface RoleChangeRequest {
  userId: string;
  role: Role;
}

export interface ServiceTokenRequest {
  clientId: string;
  clientSecret: string;
  /** The service the token is for (its `aud`). */
  audience: string;
}

export interface ServiceTokenReply {
  accessToken: string;
  expiresIn: number;
}

/** RFC 7517 JSON Web Key Set, public keys only. */
export interface JsonWebKeySet {
  keys: PublicJwk[];
}

export interface PublicJwk {
  kty: string;
  kid: string;
  alg: string;
  use: 'sig';
  n?: string;
  e?: string;
  [member: string]: unknown;
}

/** Claims of every token identity signs. */
export interface AccessTokenClaims {
  iss: string;
  aud: string | string[];
  sub: string;
  exp: number;
  iat: number;
  /** `user` tokens carry roles and a session id; `service` tokens name the calling service in `sub`. */
  typ: 'user' | 'service';
  roles?: Role[];
  /** The refresh family (session) a user token was issued for. */
  sid?: string;
}

/** The audience of user access tokens: the public API. */
export const API_AUDIENCE = 'bazaar-api';
export const DEFAULT_TOKEN_ISSUER = 'bazaar-identity';
