import 'reflect-metadata';
import { DEFAULT_DATABASE_URL } from './config/environment';
import { standaloneOrmConfig } from './standalone-orm';

// The MikroORM CLI reads a default export; the processes build their ORM in DatabaseModule.
// eslint-disable-next-line no-restricted-exports
export default standaloneOrmConfig(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL);
