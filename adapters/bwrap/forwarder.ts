/** Where the forwarder listens inside the sandbox; the network namespace is new, so the port is free. */
export const PROXY_PORT = 3128;
const INSIDE_DIR = '/run/codecot';
const INSIDE_SOCKET = `${INSIDE_DIR}/proxy.sock`;
const INSIDE_NODE = `${INSIDE_DIR}/node`;

/**
 * Runs inside the sandbox (CommonJS, `node -e`): listens on 127.0.0.1:PROXY_PORT, relays every
 * connection to the host proxy's unix socket, then runs the real command and exits as it did.
 * The network namespace holds only `lo`, so this relay is the one path out, and the host proxy
 * decides what is on the other end.
 */
const FORWARDER_SOURCE = `
const net = require('node:net');
const { spawn } = require('node:child_process');
const { constants } = require('node:os');
const [socketPath, port, file, ...args] = process.argv.slice(1);
const server = net.createServer((client) => {
  const upstream = net.connect(socketPath);
  const end = () => { client.destroy(); upstream.destroy(); };
  for (const side of [client, upstream]) { side.on('error', end); side.on('close', end); }
  client.pipe(upstream).pipe(client);
});
server.listen(Number(port), '127.0.0.1', () => {
  const child = spawn(file, args, { stdio: 'inherit' });
  child.on('error', (error) => { process.stderr.write(file + ': ' + error.message + '\\n'); process.exit(127); });
  child.on('exit', (code, signal) => process.exit(code ?? 128 + (constants.signals[signal] ?? 0)));
});
`;

export interface InnerCommand {
  argv: readonly string[];
  env: Record<string, string>;
  extraBinds?: { host: string; inside: string; writable?: boolean }[];
}

/**
 * Without a proxy the command runs as it is. With one, it runs under the forwarder, the proxy's
 * socket and a Node binary are bound in, and the usual proxy variables point at the forwarder
 * (both spellings: curl reads only the lower-case `http_proxy`; Node 24 needs NODE_USE_ENV_PROXY).
 */
export function withForwarder(
  command: { argv: readonly string[]; env: Record<string, string> },
  proxy: { socketPath: string; node: string } | undefined,
): InnerCommand {
  if (!proxy) return command;
  const url = `http://127.0.0.1:${PROXY_PORT}`;
  return {
    argv: [INSIDE_NODE, '-e', FORWARDER_SOURCE, INSIDE_SOCKET, String(PROXY_PORT), ...command.argv],
    env: {
      ...command.env,
      HTTP_PROXY: url,
      HTTPS_PROXY: url,
      http_proxy: url,
      https_proxy: url,
      NODE_USE_ENV_PROXY: '1',
    },
    extraBinds: [
      { host: proxy.socketPath, inside: INSIDE_SOCKET, writable: true },
      { host: proxy.node, inside: INSIDE_NODE },
    ],
  };
}
