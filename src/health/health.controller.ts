import { Controller, Get, HttpStatus, Res, ServiceUnavailableException } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { MikroORM } from '@mikro-orm/postgresql';
import type { Queue } from 'bullmq';
import type { FastifyReply } from 'fastify';
import { Public } from '../access/access.decorators';
import { QueueName } from '../queues/job-catalogue';

const CHECK_TIMEOUT_MS = 1_500;

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly orm: MikroORM,
    @InjectQueue(QueueName.Mail) private readonly mailQueue: Queue,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'PostgreSQL and Redis status: 200 when both answer, 503 naming the one that does not' })
  @ApiResponse({ status: 200, description: '{ status: "ok", info: { database, redis } }' })
  @ApiResponse({ status: 503, description: '{ status: "error", error: { <dependency>: { status: "down", message } } }' })
  async check(@Res() reply: FastifyReply): Promise<void> {
    try {
      const result = await this.health.check([
        // A real round trip: the pool connects lazily, so "is connected" says nothing.
        () =>
          this.indicators
            .check('database')
            .attempt(async () => {
              await this.orm.em.getConnection().execute('select 1');
            })
            .withTimeout(CHECK_TIMEOUT_MS),
        () =>
          this.indicators
            .check('redis')
            .attempt(async () => {
              await this.mailQueue.count();
            })
            .withTimeout(CHECK_TIMEOUT_MS),
      ]);
      await reply.status(HttpStatus.OK).header('cache-control', 'no-store').send(result);
    } catch (error) {
      if (error instanceof ServiceUnavailableException) {
        await reply.status(HttpStatus.SERVICE_UNAVAILABLE).header('cache-control', 'no-store').send(error.getResponse());
        return;
      }
      throw error;
    }
  }
}
