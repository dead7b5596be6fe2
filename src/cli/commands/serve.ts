// `sohoa serve`: the review web page against the same store as the other commands.
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { describeStore, openStore, storeConfigFromEnv } from '../../store/index.js';
import { buildApp } from '../../web/app.js';
import { loadSecret } from '../../web/secret.js';
import { failAndExit, parseLogFormat } from '../output.js';
import { createLogger } from '../../log.js';

function parsePort(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('expected a port number 0-65535');
  return n;
}

export function register(program: Command): void {
  program
    .command('serve')
    .description('run the review web page (sign in, work through conflicts, correct, export)')
    .option('--port <port>', 'port to listen on (0: any free port)', parsePort, 8080)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--log', 'log every request too (method, URL, status, time)')
    .option('--log-format <format>', 'json (one JSON object a line on stderr) or pretty; default pretty on a terminal, else json', parseLogFormat)
    .action(async (opts: { port: number; host: string; log?: boolean; logFormat?: string }) => {
      try {
        const logger = createLogger({ role: 'serve', format: opts.logFormat });
        const config = storeConfigFromEnv();
        const { secret, source } = loadSecret(process.env, config.dataDir ?? 'sohoa-data');
        const db = await openStore(config);
        const app = await buildApp({ db, secret, logger: Boolean(opts.log), log: logger, ...(process.env.REDIS_URL ? { redisUrl: process.env.REDIS_URL } : {}) });
        const address = await app.listen({ port: opts.port, host: opts.host });
        logger.info(
          { address },
          `review page at ${address} (${describeStore(config)}; cookie key ${source === 'env' ? 'from SOHOA_SECRET' : `kept in ${config.dataDir}/web-secret`}); /metrics and /healthz for localhost and admins`,
        );
        const stop = async () => {
          await app.close();
          await db.close();
          process.exit(0);
        };
        process.once('SIGINT', () => void stop());
        process.once('SIGTERM', () => void stop());
      } catch (e) {
        failAndExit(e);
      }
    });
}
