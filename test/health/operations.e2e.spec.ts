import { Harness, startHarness } from '../support/harness';

// Nothing listens on port 1 of the loopback: a dependency that is down.
const CLOSED_PORT_DATABASE = 'postgres://postgres@127.0.0.1:1/passerelle';
const CLOSED_PORT_REDIS = 'redis://127.0.0.1:1';

describe('Operations', () => {
  describe('with every dependency up', () => {
    let h: Harness;

    beforeAll(async () => {
      h = await startHarness();
    });

    afterAll(async () => {
      await h.close();
    });

    it('reports PostgreSQL and Redis up on /health', async () => {
      const response = await h.app.inject({ method: 'GET', url: '/health' });

      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ status: 'ok', info: { database: { status: 'up' }, redis: { status: 'up' } } });
    });

    it('serves the OpenAPI document with the forum routes and the problem schema', async () => {
      const response = await h.app.inject({ method: 'GET', url: '/api/docs-json' });

      expect(response.statusCode).toBe(200);
      const document = response.json();
      expect(Object.keys(document.paths)).toEqual(
        expect.arrayContaining(['/api/forums', '/api/forums/{forumId}', '/calendar/forums/{slug}.ics', '/health']),
      );
      expect(document.components.schemas.ProblemView).toBeDefined();
      expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    });

    it('serves the OpenAPI UI', async () => {
      const response = await h.app.inject({ method: 'GET', url: '/api/docs' });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toContain('text/html');
    });

    it('previews any email template for organisers, and answers 404 for an unknown one', async () => {
      const preview = await h.app.inject({
        method: 'GET',
        url: '/api/mail-templates/deadline-reminder/preview?locale=ko',
        headers: { authorization: 'Bearer test-admin-token-0123456789abcdef' },
      });
      const unknown = await h.app.inject({
        method: 'GET',
        url: '/api/mail-templates/nothing/preview',
        headers: { authorization: 'Bearer test-admin-token-0123456789abcdef' },
      });

      expect(preview.statusCode).toBe(200);
      expect(preview.json()).toMatchObject({ template: 'deadline-reminder', locale: 'ko', subject: expect.stringContaining('알림') });
      expect(preview.json().html).toMatch(/<html lang="ko"[ >]/);
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().code).toBe('NOT_FOUND');
    });

    it('echoes a sane X-Request-Id and makes one up otherwise', async () => {
      const given = await h.app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'trace-42' } });
      const invented = await h.app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'bad id with spaces' } });

      expect(given.headers['x-request-id']).toBe('trace-42');
      expect(invented.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  it('answers 503 naming the database when PostgreSQL is down, and 503 problem details on the API', async () => {
    const h = await startHarness({ env: { DATABASE_URL: CLOSED_PORT_DATABASE } });
    try {
      const health = await h.app.inject({ method: 'GET', url: '/health' });
      expect(health.statusCode).toBe(503);
      expect(health.json()).toMatchObject({ status: 'error', error: { database: { status: 'down' } }, info: { redis: { status: 'up' } } });

      const list = await h.app.inject({ method: 'GET', url: '/api/forums' });
      expect(list.statusCode).toBe(503);
      expect(list.json()).toMatchObject({ code: 'SERVICE_UNAVAILABLE', status: 503 });
    } finally {
      await h.close();
    }
  });

  it('answers 503 naming Redis when Redis is down', async () => {
    const h = await startHarness({ env: { REDIS_URL: CLOSED_PORT_REDIS } });
    try {
      const health = await h.app.inject({ method: 'GET', url: '/health' });
      expect(health.statusCode).toBe(503);
      expect(health.json()).toMatchObject({ error: { redis: { status: 'down' } }, info: { database: { status: 'up' } } });
    } finally {
      await h.close();
    }
  });
});
