import { Injectable } from '@nestjs/common';
import { PrismaDatabase } from '@bazaar/persistence';
import { PrismaClient } from '../generated/prisma/client';

/** The orders service's Prisma client, over the service's shared connection pool. */
@Injectable()
export class OrdersDatabase extends PrismaDatabase(PrismaClient) {}
