import { Environment, parseEnvironment } from './environment';

/** The validated configuration, injectable by class. */
export class AppConfig {
  readonly values: Environment;

  constructor(raw: Record<string, string | undefined> = process.env) {
    this.values = parseEnvironment(raw);
  }

  get<K extends keyof Environment>(key: K): Environment[K] {
    return this.values[key];
  }
}
