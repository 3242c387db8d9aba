import { IsEmail, IsISO8601, IsUUID, MaxLength } from 'class-validator';
import { defineEvent } from './event-type';

export class UserRegisteredV1 {
  @IsUUID()
  userId!: string;

  @IsEmail()
  @MaxLength(254)
  email!: string;

  @IsISO8601({ strict: true })
  registeredAt!: string;
}

export class UserPasswordChangedV1 {
  @IsUUID()
  userId!: string;

  @IsEmail()
  @MaxLength(254)
  email!: string;

  @IsISO8601({ strict: true })
  changedAt!: string;
}

export const IDENTITY_EVENTS = {
  userRegistered: defineEvent('identity.user.registered.v1', UserRegisteredV1),
  userPasswordChanged: defineEvent('identity.user.password_changed.v1', UserPasswordChangedV1),
} as const;
