import { isIP } from 'node:net';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const NODE_ENVS = ['development', 'test', 'production'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];

/** Validated, typed configuration of both processes. */
export interface Environment {
  databaseUrl: string;
  redisUrl: string;
  smtpUrl: string;
  mailFrom: string;
  organisersEmail: string;
  port: number;
  publicUrl: string;
  adminToken: string;
  nodeEnv: NodeEnv;
  logLevel: LogLevel;
  queuePrefix: string;
  queueLockMs: number;
  /** The organisers' mailbox where calendar replies arrive; null when replies are not read. */
  imapUrl: string | null;
  /** Addresses and CIDR ranges of the proxies whose X-Forwarded-For is believed; empty: none. */
  trustedProxies: string[];
}

export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join(' ')}`);
    this.name = 'ConfigurationError';
  }
}

type RawEnvironment = Record<string, string | undefined>;

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/passerelle';

const EMAIL = /^[^\s@<>]+@[^\s@<>]+$/;
// "Name <address>" or a bare address.
const MAILBOX = /^(?:[^<>]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/;

function isAddressOrRange(entry: string): boolean {
  const [address, prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) {
    return false;
  }
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128));
}

class Reader {
  readonly problems: string[] = [];

  constructor(private readonly raw: RawEnvironment) {}

  string(name: string, fallback?: string): string {
    const value = this.raw[name]?.trim();
    if (value) {
      return value;
    }
    if (fallback === undefined) {
      this.problems.push(`${name} is missing; set it (see the configuration table in README.md).`);
      return '';
    }
    return fallback;
  }

  url(name: string, protocols: string[], fallback?: string): string {
    const value = this.string(name, fallback);
    if (!value) {
      return value;
    }
    try {
      const parsed = new URL(value);
      if (!protocols.includes(parsed.protocol.replace(/:$/, ''))) {
        this.problems.push(
          `${name} must be a URL starting with ${protocols.map((p) => `${p}://`).join(' or ')}, got "${parsed.protocol}//…".`,
        );
      }
    } catch {
      this.problems.push(`${name} is not a valid URL.`);
    }
    return value;
  }

  matching(name: string, pattern: RegExp, what: string, fallback?: string): string {
    const value = this.string(name, fallback);
    if (value && !pattern.test(value)) {
      this.problems.push(`${name} must be ${what}, got "${value}".`);
    }
    return value;
  }

  /** A URL that may be left unset (null), with credentials when `credentials` says so. */
  optionalUrl(name: string, protocols: string[], credentials: string): string | null {
    if (!this.raw[name]?.trim()) {
      return null;
    }
    const known = this.problems.length;
    const value = this.url(name, protocols);
    if (this.problems.length === known && (!new URL(value).username || !new URL(value).password)) {
      this.problems.push(`${name} needs a user and a password, as in ${credentials}.`);
    }
    return value;
  }

  port(name: string, fallback: number): number {
    const value = this.string(name, String(fallback));
    const port = Number(value);
    if (!/^\d+$/.test(value) || port > 65535) {
      this.problems.push(`${name} must be a port number between 0 and 65535, got "${value}".`);
      return fallback;
    }
    return port;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const value = this.string(name, String(fallback));
    const parsed = Number(value);
    if (!/^\d+$/.test(value) || parsed < min || parsed > max) {
      this.problems.push(`${name} must be a whole number from ${min} to ${max}, got "${value}".`);
      return fallback;
    }
    return parsed;
  }

  /** A comma-separated list of IP addresses and CIDR ranges (IPv4 or IPv6); empty by default. */
  addresses(name: string): string[] {
    const value = this.raw[name]?.trim() ?? '';
    if (!value) {
      return [];
    }
    const entries = value.split(',').map((entry) => entry.trim());
    const bad = entries.filter((entry) => !isAddressOrRange(entry));
    if (bad.length > 0) {
      this.problems.push(
        `${name} must be a comma-separated list of IP addresses or CIDR ranges (e.g. 10.0.0.1,10.1.0.0/16,fd00::/8), got ${bad.map((entry) => `"${entry}"`).join(', ')}.`,
      );
      return [];
    }
    return entries;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.string(name, fallback);
    if (!(allowed as readonly string[]).includes(value)) {
      this.problems.push(`${name} must be one of ${allowed.join(', ')}, got "${value}".`);
      return fallback;
    }
    return value as T;
  }
}

/** Reads and validates the process environment; throws one error naming every bad variable. */
export function parseEnvironment(raw: RawEnvironment): Environment {
  const read = new Reader(raw);
  const nodeEnv = read.oneOf('NODE_ENV', NODE_ENVS, 'development');
  const port = read.port('PORT', 3000);
  const environment: Environment = {
    nodeEnv,
    port,
    databaseUrl: read.url('DATABASE_URL', ['postgres', 'postgresql'], DEFAULT_DATABASE_URL),
    redisUrl: read.url('REDIS_URL', ['redis', 'rediss'], 'redis://127.0.0.1:6379'),
    smtpUrl: read.url('SMTP_URL', ['smtp', 'smtps'], 'smtp://127.0.0.1:1025'),
    mailFrom: read.matching(
      'MAIL_FROM',
      MAILBOX,
      'an email address, optionally as "Name <address>"',
      'Passerelle <passerelle@cites-unies-france.org>',
    ),
    organisersEmail: read.matching('ORGANISERS_EMAIL', EMAIL, 'an email address', 'groupe-pays-coree@cites-unies-france.org'),
    publicUrl: read.url('PUBLIC_URL', ['http', 'https'], `http://localhost:${port}`).replace(/\/+$/, ''),
    adminToken: read.string('ADMIN_TOKEN'),
    logLevel: read.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    queueLockMs: read.integer('QUEUE_LOCK_MS', 30_000, 1_000, 600_000),
    trustedProxies: read.addresses('TRUSTED_PROXIES'),
    queuePrefix: read.matching('QUEUE_PREFIX', /^[a-z0-9_-]{1,40}$/, 'lower-case letters, digits, - or _ (at most 40)', 'passerelle'),
    imapUrl: read.optionalUrl('IMAP_URL', ['imap', 'imaps'], 'imaps://user:password@imap.example.org:993/INBOX'),
  };
  if (environment.adminToken && environment.adminToken.length < 24) {
    read.problems.push('ADMIN_TOKEN must be at least 24 characters long (a random secret, e.g. `openssl rand -hex 32`).');
  }
  if (read.problems.length > 0) {
    throw new ConfigurationError(read.problems);
  }
  return environment;
}
