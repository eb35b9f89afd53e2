import { Global, Module } from '@nestjs/common';
import { Clock } from './clock';

/** The clock every room reads (tests move it). */
@Global()
@Module({ providers: [Clock], exports: [Clock] })
export class CommonModule {}
