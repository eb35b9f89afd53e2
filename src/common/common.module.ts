import { Global, Module } from '@nestjs/common';
import { AfterResponse } from './after-response';
import { Clock } from './clock';
import { RateLimiter } from './rate-limiter';

@Global()
@Module({ providers: [Clock, RateLimiter, AfterResponse], exports: [Clock, RateLimiter, AfterResponse] })
export class CommonModule {}
