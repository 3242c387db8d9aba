// The peer stack's catalog: a plain Nest TCP microservice reading products with Prisma's findUnique, as the
// Nest and Prisma documentation put one together. Started by bench/peer-stack.js.
import 'reflect-metadata';
import { Module, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MicroserviceOptions, Transport } from '@nestjs/microservices';
import { signalReady } from '../product-view';
import { PrismaService } from './prisma.service';
import { ProductsController } from './products.controller';

@Module({ controllers: [ProductsController], providers: [PrismaService] })
class CatalogModule {}

async function bootstrap(): Promise<void> {
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(CatalogModule, {
    transport: Transport.TCP,
    options: { host: '127.0.0.1', port: Number(process.env.PORT) },
    logger: ['error', 'warn'],
  });
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  app.enableShutdownHooks();
  await app.listen();
  signalReady();
}

void bootstrap();
