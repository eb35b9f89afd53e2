import { Global, Module } from '@nestjs/common';
import { AppConfig } from './app-config';
import { PublicUrls } from './public-urls';

@Global()
@Module({
  providers: [
    { provide: AppConfig, useFactory: () => new AppConfig(process.env) },
    { provide: PublicUrls, useFactory: (config: AppConfig) => new PublicUrls(config.get('publicUrl')), inject: [AppConfig] },
  ],
  exports: [AppConfig, PublicUrls],
})
export class AppConfigModule {}
