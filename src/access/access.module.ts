import { Global, Module } from '@nestjs/common';
import { RateLimiter } from './rate-limiter';

/** The access platform both processes load: the rate limits in Redis (the guard, the decorators and the principal are plain code). */
@Global()
@Module({ providers: [RateLimiter], exports: [RateLimiter] })
export class AccessModule {}
