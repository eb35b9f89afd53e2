import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { BullModule } from '@nestjs/bullmq';
import { AppConfig } from '../config/app-config';
import { QueueName } from './job-catalogue';
import { QueueErrorLogger } from './queue-error-logger';
import { ProcessRole, redisOptions } from './redis-options';

/** The Redis connection and the queues; Redis holds only what PostgreSQL can rebuild. */
@Module({})
export class QueuesModule {
  static forRole(role: ProcessRole): DynamicModule {
    const queues = BullModule.registerQueue(
      { name: QueueName.Mail },
      { name: QueueName.Reminders },
      { name: QueueName.Calendar },
      { name: QueueName.Maintenance },
      { name: QueueName.Replies },
      { name: QueueName.Meetings },
    );
    return {
      module: QueuesModule,
      global: true,
      imports: [
        DiscoveryModule,
        BullModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            connection: redisOptions(config.get('redisUrl'), role),
            prefix: config.get('queuePrefix'),
          }),
        }),
        queues,
      ],
      providers: [QueueErrorLogger],
      exports: [queues],
    };
  }
}
