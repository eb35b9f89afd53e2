import 'reflect-metadata';
import { DEFAULT_DATABASE_URL } from '../config/environment';
import { createOrmConfig } from './mikro-orm.config';

// The MikroORM CLI reads a default export; the app uses createOrmConfig directly.
// eslint-disable-next-line no-restricted-exports
export default createOrmConfig(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL);
