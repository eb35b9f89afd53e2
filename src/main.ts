import 'reflect-metadata';
import { AppConfig } from './config/app-config';
import { ConfigurationError } from './config/environment';
import { exitIfShutdownHangs } from './shutdown-watchdog';
import { createHttpApp } from './http-app';

async function main(): Promise<void> {
  const app = await createHttpApp();
  const config = app.get(AppConfig);
  exitIfShutdownHangs(15_000);
  await app.listen({ port: config.get('port'), host: '0.0.0.0' });
}

main().catch((error: unknown) => {
  // A bad variable gets its sentence, not a stack trace.
  process.stderr.write(`${error instanceof ConfigurationError ? error.message : String((error as Error)?.stack ?? error)}\n`);
  process.exit(1);
});
