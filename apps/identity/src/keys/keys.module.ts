import { Module } from '@nestjs/common';
import { KeyStore } from './key-store';

@Module({ providers: [KeyStore], exports: [KeyStore] })
export class KeysModule {}
