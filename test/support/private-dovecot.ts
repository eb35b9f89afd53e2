import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { Socket } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { freePort, until } from './ports';

// Debian's package (dovecot-imapd); scripts/ensure-services.sh installs it when missing.
const DOVECOT = '/usr/sbin/dovecot';

/** Who the server's processes run as: ourselves, or, for root, the users the Debian package made. */
function processUsers(): { internal: string; internalGroup: string; login: string; mail: { uid: number; gid: number } } {
  const me = userInfo();
  if (me.uid !== 0) {
    const group = execFileSync('id', ['-gn'], { encoding: 'utf8' }).trim();
    return { internal: me.username, internalGroup: group, login: me.username, mail: { uid: me.uid, gid: me.gid } };
  }
  // Dovecot refuses root for its login processes and for mail users.
  const id = (flag: string) => Number(execFileSync('id', [flag, 'dovecot'], { encoding: 'utf8' }).trim());
  return { internal: 'dovecot', internalGroup: 'dovecot', login: 'dovenull', mail: { uid: id('-u'), gid: id('-g') } };
}

/**
 * A Dovecot IMAP server of its own for one test file: a free port on 127.0.0.1, a private
 * configuration and maildir in a temporary directory, one user from a passwd file, plain-text
 * login allowed (localhost only). No system service is touched.
 */
export class PrivateDovecot {
  private child?: ChildProcess;

  private constructor(
    private readonly dir: string,
    readonly port: number,
    readonly user: string,
    readonly password: string,
  ) {}

  static async start(): Promise<PrivateDovecot> {
    const dir = await mkdtemp(join(tmpdir(), 'passerelle-dovecot-'));
    // The server's own users (not root) must reach its sockets and the maildir.
    await chmod(dir, 0o755);
    const server = new PrivateDovecot(dir, await freePort(), 'organisers', randomBytes(12).toString('hex'));
    await server.configure();
    await server.run();
    return server;
  }

  /** IMAP_URL for this server's inbox. */
  get url(): string {
    return `imap://${this.user}:${this.password}@127.0.0.1:${this.port}/INBOX`;
  }

  /** A client logged in as the mailbox's owner, for the test to put mail in and look at it. */
  async client<T>(work: (client: ImapFlow) => Promise<T>): Promise<T> {
    const client = new ImapFlow({
      host: '127.0.0.1',
      port: this.port,
      secure: false,
      auth: { user: this.user, pass: this.password },
      logger: false,
      disableAutoIdle: true,
    });
    // Failures surface as the failing command's error; the event would only be unhandled noise.
    client.on('error', () => undefined);
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.logout();
    }
  }

  /** Puts a message in the inbox, unread, as a mail server would deliver it; returns its UID. */
  async deliver(raw: string): Promise<number> {
    return this.client(async (client) => {
      const appended = await client.append('INBOX', raw, []);
      return appended && appended.uid ? appended.uid : 0;
    });
  }

  /** The flags of a message of the inbox. */
  async flagsOf(uid: number): Promise<Set<string>> {
    return this.client(async (client) => {
      await client.mailboxOpen('INBOX', { readOnly: true });
      const message = await client.fetchOne(String(uid), { flags: true }, { uid: true });
      return message && message.flags ? message.flags : new Set<string>();
    });
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await rm(this.dir, { recursive: true, force: true });
  }

  private async configure(): Promise<void> {
    const users = processUsers();
    const home = join(this.dir, 'mail', this.user);
    await mkdir(home, { recursive: true });
    await chown(join(this.dir, 'mail'), users.mail.uid, users.mail.gid);
    await chown(home, users.mail.uid, users.mail.gid);
    await mkdir(join(this.dir, 'run'));
    await mkdir(join(this.dir, 'state'));
    await writeFile(join(this.dir, 'passwd'), `${this.user}:{PLAIN}${this.password}:${users.mail.uid}:${users.mail.gid}::${home}\n`);
    const config = `
base_dir = ${this.dir}/run
state_dir = ${this.dir}/state
instance_name = passerelle-test-${this.port}
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = ${users.internal}
default_internal_group = ${users.internalGroup}
default_login_user = ${users.login}
first_valid_uid = ${users.mail.uid}
first_valid_gid = ${users.mail.gid}
log_path = ${this.dir}/dovecot.log
mail_location = maildir:~/Maildir
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${this.dir}/passwd
}
userdb {
  driver = passwd-file
  args = username_format=%u ${this.dir}/passwd
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${this.port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
`;
    await writeFile(join(this.dir, 'dovecot.conf'), config);
  }

  private async run(): Promise<void> {
    // -F: in the foreground, so the server is this child and ends with it.
    const child = spawn(DOVECOT, ['-F', '-c', join(this.dir, 'dovecot.conf')], { stdio: 'ignore' });
    this.child = child;
    await until(() => child.exitCode === null && this.greets(), 15_000, 'dovecot to greet on its IMAP port');
  }

  private async greets(): Promise<boolean> {
    return new Promise((resolve) => {
      const socket = new Socket();
      const done = (ok: boolean) => {
        socket.destroy();
        resolve(ok);
      };
      socket.setTimeout(1_000, () => done(false));
      socket.once('error', () => done(false));
      socket.once('data', (data) => done(data.toString().startsWith('* OK')));
      socket.connect(this.port, '127.0.0.1');
    });
  }
}
