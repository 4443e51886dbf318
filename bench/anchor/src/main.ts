import 'reflect-metadata';
import { DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DbController, HelloController } from './controllers';
import { JwtStrategy } from './jwt.strategy';
import { User } from './user.entity';

// PLATFORM=express|fastify  DB=1 adds TypeORM + GET /me-db + POST /login
const PLATFORM = process.env.PLATFORM || 'express';
const WITH_DB = process.env.DB === '1';

@Module({})
class AppModule {
  static register(): DynamicModule {
    const imports: NonNullable<DynamicModule['imports']> = [PassportModule];
    const controllers: NonNullable<DynamicModule['controllers']> = [HelloController];
    if (WITH_DB) {
      imports.push(
        TypeOrmModule.forRoot({
          type: 'postgres',
          host: process.env.PGHOST || '127.0.0.1',
          port: +(process.env.PGPORT || 5432),
          username: process.env.PGUSER || 'bench',
          password: process.env.PGPASSWORD || 'bench',
          database: process.env.PGDATABASE || 'bench',
          entities: [User],
          synchronize: false,
          logging: false,
          extra: { max: +(process.env.DB_POOL || 10) },
        }),
        TypeOrmModule.forFeature([User]),
      );
      controllers.push(DbController);
    }
    return { module: AppModule, imports, controllers, providers: [JwtStrategy] };
  }
}

async function bootstrap() {
  const port = +(process.env.PORT || 3000);
  let app;
  if (PLATFORM === 'fastify') {
    // Loaded only when asked for (the workspace has no @nestjs/platform-express: PLATFORM=express fails).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { FastifyAdapter } = require('@nestjs/platform-fastify');
    app = await NestFactory.create(AppModule.register(), new FastifyAdapter(), { logger: ['error', 'warn'] });
  } else {
    app = await NestFactory.create(AppModule.register(), { logger: ['error', 'warn'] });
  }
  app.enableShutdownHooks();
  await app.listen(port, '127.0.0.1');
}
void bootstrap();
