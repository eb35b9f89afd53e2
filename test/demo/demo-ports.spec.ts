import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { checkPorts, DemoError, port } from '../../scripts/demo-ports';

describe("The demo's ports", () => {
  let taken: Server;
  let takenPort: number;

  beforeAll(async () => {
    taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    takenPort = (taken.address() as { port: number }).port;
  });

  afterAll(async () => {
    await new Promise((resolve) => taken.close(resolve));
  });

  it('stops at a taken port with a sentence naming it, what holds it and the variable that moves it', async () => {
    process.env.DEMO_TEST_PORT = String(takenPort);
    const error = await checkPorts([port('DEMO_TEST_PORT', 1, 'API and pages')]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DemoError);
    const message = (error as DemoError).message;
    expect(message).toContain(`Port ${takenPort}, for the demo's API and pages, is already in use`);
    expect(message).toContain(`set DEMO_TEST_PORT to a free port, e.g. DEMO_TEST_PORT=${takenPort + 1} npm run demo`);
    // Who holds it, when the system can tell (ss, from iproute2).
    if (spawnSync('ss', ['-V']).status === 0) {
      expect(message).toMatch(new RegExp(`in use by node\\b.* \\(pid ${process.pid}\\): stop it`));
    }
  });

  it('lets free ports through, and refuses a variable that is not a port', async () => {
    const free = createServer();
    await new Promise<void>((resolve) => free.listen(0, '127.0.0.1', resolve));
    const freePort = (free.address() as { port: number }).port;
    await new Promise((resolve) => free.close(resolve));
    process.env.DEMO_TEST_PORT = String(freePort);
    await expect(checkPorts([port('DEMO_TEST_PORT', 1, 'Redis')])).resolves.toBeUndefined();

    process.env.DEMO_TEST_PORT = 'abc';
    expect(() => port('DEMO_TEST_PORT', 1, 'Redis')).toThrow('DEMO_TEST_PORT=abc is not a port number (1 to 65535).');
    delete process.env.DEMO_TEST_PORT;
  });
});
