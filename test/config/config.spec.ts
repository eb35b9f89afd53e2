import { ConfigurationError, parseEnvironment } from '../../src/config/environment';

const VALID = { ADMIN_TOKEN: 'a'.repeat(32) };

function problemsOf(raw: Record<string, string>): string[] {
  try {
    parseEnvironment(raw);
  } catch (error) {
    if (error instanceof ConfigurationError) {
      return error.problems;
    }
    throw error;
  }
  return [];
}

describe('Configuration', () => {
  it('fills sensible local defaults around the one required secret', () => {
    const environment = parseEnvironment(VALID);

    expect(environment).toMatchObject({
      port: 3000,
      nodeEnv: 'development',
      logLevel: 'info',
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/passerelle',
      redisUrl: 'redis://127.0.0.1:6379',
      smtpUrl: 'smtp://127.0.0.1:1025',
      publicUrl: 'http://localhost:3000',
      queuePrefix: 'passerelle',
      imapUrl: null,
      trustedProxies: [],
    });
  });

  it('stops on a missing ADMIN_TOKEN with a sentence naming it', () => {
    expect(() => parseEnvironment({})).toThrow(/ADMIN_TOKEN is missing/);
  });

  it.each([
    ['DATABASE_URL', 'mysql://localhost/x', /DATABASE_URL must be a URL starting with postgres:\/\/ or postgresql:\/\//],
    ['DATABASE_URL', 'not a url', /DATABASE_URL is not a valid URL/],
    ['REDIS_URL', 'http://localhost', /REDIS_URL must be a URL/],
    ['SMTP_URL', 'smtp//nope', /SMTP_URL is not a valid URL/],
    ['PORT', '80a', /PORT must be a port number/],
    ['PORT', '70000', /PORT must be a port number/],
    ['MAIL_FROM', 'nobody', /MAIL_FROM must be an email address/],
    ['ORGANISERS_EMAIL', 'Organisers <x@y.z>', /ORGANISERS_EMAIL must be an email address/],
    ['LOG_LEVEL', 'verbose', /LOG_LEVEL must be one of/],
    ['NODE_ENV', 'staging', /NODE_ENV must be one of/],
    ['ADMIN_TOKEN', 'short', /ADMIN_TOKEN must be at least 24 characters/],
    ['QUEUE_PREFIX', 'has:colon', /QUEUE_PREFIX must be/],
    ['IMAP_URL', 'https://mail.example.org', /IMAP_URL must be a URL starting with imap:\/\/ or imaps:\/\//],
    ['IMAP_URL', 'imaps://mail.example.org:993/INBOX', /IMAP_URL needs a user and a password/],
    [
      'TRUSTED_PROXIES',
      'proxy.internal',
      /TRUSTED_PROXIES must be a comma-separated list of IP addresses or CIDR ranges.*"proxy\.internal"/,
    ],
    ['TRUSTED_PROXIES', '10.0.0.0/33', /TRUSTED_PROXIES must be .*"10\.0\.0\.0\/33"/],
    ['TRUSTED_PROXIES', '10.0.0.300', /TRUSTED_PROXIES must be .*"10\.0\.0\.300"/],
    ['TRUSTED_PROXIES', '10.0.0.1,,10.0.0.2', /TRUSTED_PROXIES must be .*""/],
    ['TRUSTED_PROXIES', 'loopback', /TRUSTED_PROXIES must be .*"loopback"/],
  ])('names %s when it is %p', (name, value, message) => {
    const problems = problemsOf({ ...VALID, [name]: value });
    expect(problems).toEqual([expect.stringMatching(message)]);
  });

  it('reports every bad variable at once', () => {
    const problems = problemsOf({ PORT: 'x', REDIS_URL: 'nope' });
    expect(problems.map((p) => p.split(' ')[0])).toEqual(expect.arrayContaining(['PORT', 'REDIS_URL', 'ADMIN_TOKEN']));
  });

  it('accepts a display name in MAIL_FROM and trims a trailing slash off PUBLIC_URL', () => {
    const environment = parseEnvironment({
      ...VALID,
      MAIL_FROM: 'Passerelle <no-reply@example.org>',
      PUBLIC_URL: 'https://passerelle.example.org/',
    });
    expect(environment.mailFrom).toBe('Passerelle <no-reply@example.org>');
    expect(environment.publicUrl).toBe('https://passerelle.example.org');
  });

  it('reads TRUSTED_PROXIES as addresses and CIDR ranges, IPv4 and IPv6', () => {
    const environment = parseEnvironment({ ...VALID, TRUSTED_PROXIES: ' 10.0.0.1, 10.1.0.0/16,::1 , fd00::/8' });
    expect(environment.trustedProxies).toEqual(['10.0.0.1', '10.1.0.0/16', '::1', 'fd00::/8']);
  });
});
