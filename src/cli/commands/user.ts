// `sohoa user add NAME --role reviewer|admin` (password prompted, or --password-stdin),
// `sohoa user list`, `sohoa user disable NAME`: reviewer accounts of the web page.
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { openStore, storeConfigFromEnv } from '../../store/index.js';
import { listUsers, setUserDisabled, upsertUser, type Role } from '../../store/web-queries.js';
import { hashPassword } from '../../web/password.js';
import { failAndExit, UsageError } from '../output.js';

const ROLES: readonly Role[] = ['viewer', 'reviewer', 'admin'];
export const MIN_PASSWORD_LENGTH = 8;

function parseRole(v: string): Role {
  if (!(ROLES as readonly string[]).includes(v)) throw new InvalidArgumentError('expected reviewer, admin or viewer');
  return v as Role;
}

export async function readStdin(input: NodeJS.ReadableStream = process.stdin): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of input) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(String(c)));
  // Only the first line: `echo secret | sohoa user add` must not store the newline.
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

/** Reads a line from the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    if (!process.stdin.isTTY) {
      reject(new Error('no terminal to prompt for the password; use --password-stdin'));
      return;
    }
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    // Replace echoed characters: readline writes what is typed through _writeToOutput.
    const anyRl = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WritableStream };
    let asked = false;
    anyRl._writeToOutput = (s: string) => {
      if (!asked) {
        anyRl.output.write(s);
        asked = true;
      } else if (s.includes('\n') || s.includes('\r')) anyRl.output.write('\n');
    };
    rl.question(question, (answer) => {
      rl.close();
      resolve(answer);
    });
  });
}

export function checkPassword(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `password must be at least ${MIN_PASSWORD_LENGTH} characters`;
  return null;
}

export function register(program: Command): void {
  const user = program.command('user').description('manage reviewer accounts of the web page');

  user
    .command('add')
    .description('add a user (or reset the role and password of an existing one)')
    .argument('<name>', 'sign-in name')
    .option('--role <role>', 'reviewer or admin (viewer: read only)', parseRole, 'reviewer')
    .option('--password-stdin', 'read the password from the first line of stdin instead of prompting')
    .action(async (name: string, opts: { role: Role; passwordStdin?: boolean }) => {
      try {
        const clean = name.normalize('NFC').trim();
        if (!/^[\p{L}\p{N}._@-]{1,64}$/u.test(clean)) throw new UsageError('a user name is 1-64 letters, digits, ".", "_", "@" or "-"');
        let password: string;
        if (opts.passwordStdin) password = await readStdin();
        else {
          password = await promptHidden(`Password for ${clean}: `);
          const again = await promptHidden('Repeat the password: ');
          if (again !== password) throw new UsageError('the passwords differ');
        }
        const problem = checkPassword(password);
        if (problem) throw new UsageError(problem);
        const db = await openStore(storeConfigFromEnv());
        try {
          const { created } = await upsertUser(db, { name: clean, role: opts.role, passwordHash: await hashPassword(password) });
          process.stdout.write(`${created ? 'added' : 'updated'} ${opts.role} ${clean}\n`);
        } finally {
          await db.close();
        }
      } catch (e) {
        failAndExit(e);
      }
    });

  user
    .command('list')
    .description('list users')
    .action(async () => {
      try {
        const db = await openStore(storeConfigFromEnv());
        try {
          for (const u of await listUsers(db)) process.stdout.write(`${u.name}\t${u.role}${u.disabled ? '\tdisabled' : ''}\n`);
        } finally {
          await db.close();
        }
      } catch (e) {
        failAndExit(e);
      }
    });

  user
    .command('disable')
    .description('stop a user from signing in (their sessions end at the next request)')
    .argument('<name>')
    .action(async (name: string) => {
      try {
        const db = await openStore(storeConfigFromEnv());
        try {
          if (!(await setUserDisabled(db, name, true))) throw new UsageError(`no user ${name}`);
          process.stdout.write(`disabled ${name}\n`);
        } finally {
          await db.close();
        }
      } catch (e) {
        failAndExit(e);
      }
    });
}
