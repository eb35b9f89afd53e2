import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { ConfigurationError } from './config/environment';
import { exitIfShutdownHangs } from './shutdown-watchdog';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  // On SIGTERM Nest closes the BullMQ workers (waiting for running jobs) before the queues,
  // Redis and the database pool.
  app.enableShutdownHooks();
  exitIfShutdownHangs(30_000);
  app.get(Logger).log('Worker started');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigurationError ? error.message : String((error as Error)?.stack ?? error)}\n`);
  process.exit(1);
});
