import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  chownSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/paths';
import { freePort } from '../support/ports';
import { StopWaiting, waitFor } from '../support/wait';

/** The web image's configuration (apps/web/Dockerfile copies it to conf.d/default.conf): the file under test. */
export const WEB_NGINX_CONF = join(REPO_ROOT, 'apps/web/nginx.conf');
export const WEB_DIST = join(REPO_ROOT, 'apps/web/dist');
const NGINX = process.env.NGINX_PATH ?? '/usr/sbin/nginx';

/**
 * The web image's nginx.conf with only what differs outside Docker replaced: the upstream's one server line
 * (the compose service `api:3000`) by the given instances, the listen port, and the root. Each must occur
 * exactly once, so that a change to the file that these replacements would miss fails here.
 */
export function webServerConfig(upstreams: string[], port: number, root: string): string {
  let text = readFileSync(WEB_NGINX_CONF, 'utf8');
  const replace = (pattern: RegExp, by: string) => {
    const found = text.match(new RegExp(pattern, 'gm'))?.length ?? 0;
    if (found !== 1) throw new Error(`apps/web/nginx.conf: expected one ${pattern}, found ${found}`);
    text = text.replace(pattern, by);
  };
  replace(/^(\s*)server api:3000;$/m, upstreams.map((address) => `$1server ${address};`).join('\n'));
  replace(/^(\s*)listen 80;$/m, `$1listen 127.0.0.1:${port};`);
  replace(/^(\s*)root \/usr\/share\/nginx\/html;$/m, `$1root ${root};`);
  return text;
}

/**
 * Debian's nginx running the web image's configuration in a temporary prefix, unprivileged (as `nobody`
 * when the tests run as root, as in CI), in front of the given API addresses. The access log records which
 * upstream answered each request.
 */
export class WebProxy {
  private child?: ChildProcess;
  private output = '';

  private constructor(
    readonly port: number,
    private readonly prefix: string,
  ) {}

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Picks the port first: the instances behind it need their PUBLIC_URL before nginx starts. */
  static async start(upstreams: string[], port?: number): Promise<WebProxy> {
    if (!existsSync(NGINX)) throw new Error(`no nginx at ${NGINX}: apt-get install nginx (as .ci/run does)`);
    if (!existsSync(join(WEB_DIST, 'index.html'))) {
      throw new Error(`no SPA build in ${WEB_DIST}: npx nx run web:build`);
    }
    port ??= await freePort();
    const prefix = mkdtempSync(join(tmpdir(), 'latchkey-nginx-'));
    const proxy = new WebProxy(port, prefix);
    for (const dir of ['logs', 'temp']) mkdirSync(join(prefix, dir));
    // The image's /usr/share/nginx/html, copied so that an unprivileged nginx can read it wherever the repo is.
    cpSync(WEB_DIST, join(prefix, 'html'), { recursive: true });
    writeFileSync(join(prefix, 'default.conf'), webServerConfig(upstreams, port, join(prefix, 'html')));
    writeFileSync(join(prefix, 'nginx.conf'), mainConfig(prefix));
    const user = unprivilegedUser();
    if (user) chownTree(prefix, user.uid, user.gid);

    const child = spawn(
      NGINX,
      [
        '-p',
        prefix,
        '-c',
        join(prefix, 'nginx.conf'),
        '-e',
        'stderr',
        '-g',
        `daemon off; pid ${prefix}/nginx.pid;`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], ...user },
    );
    proxy.child = child;
    const capture = (chunk: Buffer) => (proxy.output += chunk.toString('utf8'));
    child.stdout?.on('data', capture);
    child.stderr?.on('data', capture);
    try {
      await waitFor(
        `nginx on port ${port}`,
        async () => {
          if (child.exitCode !== null) throw new StopWaiting(`nginx exited with code ${child.exitCode}`);
          const response = await fetch(proxy.baseUrl).catch(() => undefined);
          await response?.arrayBuffer();
          return response?.status === 200 ? true : undefined;
        },
        { timeoutMs: 10_000, intervalMs: 50 },
      );
    } catch (error) {
      await proxy.stop();
      throw new Error(`${(error as Error).message}\n--- nginx output ---\n${proxy.output}`);
    }
    return proxy;
  }

  /** The upstream address (host:port) that answered each proxied request so far, in order. */
  upstreamsUsed(): string[] {
    const log = join(this.prefix, 'logs/upstreams.log');
    if (!existsSync(log)) return [];
    return readFileSync(log, 'utf8')
      .split('\n')
      .map((line) => line.split(' ')[1])
      .filter((address) => address && address !== '-');
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM'); // nginx's fast shutdown
      await exited;
    }
    rmSync(this.prefix, { recursive: true, force: true });
  }
}

/** What the nginx image's own /etc/nginx/nginx.conf gives: the http block that includes conf.d. */
function mainConfig(prefix: string): string {
  const temp = (name: string) => `${name}_temp_path ${prefix}/temp/${name};`;
  return `worker_processes 1;
error_log stderr warn;
events { worker_connections 256; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  sendfile on;
  log_format upstreams '$request_uri $upstream_addr $status';
  access_log ${prefix}/logs/upstreams.log upstreams;
  ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join('\n  ')}
  include ${prefix}/default.conf;
}
`;
}

/** `nobody` when running as root, so that nginx never runs privileged here; undefined otherwise. */
function unprivilegedUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'nobody'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

function chownTree(path: string, uid: number, gid: number): void {
  chownSync(path, uid, gid);
  if (!statSync(path).isDirectory()) return;
  for (const entry of readdirSync(path)) chownTree(join(path, entry), uid, gid);
}
