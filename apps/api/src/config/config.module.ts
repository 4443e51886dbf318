import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig } from './app-config';

/**
 * Provides the one AppConfig that the entry point built, so every module sees the settings it was given:
 * no module reads process.env itself (the OpenAPI generator's throwaway settings must win over the
 * caller's environment, docs/architecture.md).
 */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: AppConfig, useValue: config }],
      exports: [AppConfig],
    };
  }
}
