import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../src/app.module';
import { seedDemo } from '../src/demo/demo-seed';

/**
 * `npm run seed:demo`: loads the demo (the three Forums, their organisations, registrations and
 * deadlines) into DATABASE_URL, already migrated, through the application's services; their
 * emails are written to the outbox for a worker to send. Running it again adds nothing.
 */
async function main(): Promise<void> {
  const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error', 'warn'] });
  try {
    const report = await seedDemo(app);
    const added = Object.entries(report).filter(([, count]) => count > 0);
    process.stdout.write(
      added.length > 0
        ? `Demo data added: ${added.map(([what, count]) => `${count} ${what}`).join(', ')}.\n`
        : 'Demo data: everything was already there.\n',
    );
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`Seeding failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
