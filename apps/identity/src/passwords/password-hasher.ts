import { Injectable, OnModuleInit } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';

/**
 * argon2id (the library's default) with its default cost (about 20 ms per hash here). Verifying is
 * constant-time inside the library. For an unknown email a dummy hash is verified, so both failures take the
 * same time and reveal nothing about which accounts exist.
 */
@Injectable()
export class PasswordHasher implements OnModuleInit {
  private dummyHash = '';

  async onModuleInit(): Promise<void> {
    this.dummyHash = await hash(randomBytes(16).toString('hex'));
  }

  hash(password: string): Promise<string> {
    return hash(password);
  }

  /** False for a wrong password and for a missing account (`storedHash` undefined), after the same work. */
  async verify(storedHash: string | undefined, password: string): Promise<boolean> {
    try {
      const matches = await verify(storedHash ?? this.dummyHash, password);
      return storedHash !== undefined && matches;
    } catch {
      return false;
    }
  }
}
