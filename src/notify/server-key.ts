import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The key file in the data folder, made on first start when no key is configured. */
export const KEY_FILE = 'notify.key';

/**
 * The server key that seals subscribers' secrets and signs their links: from
 * SERVICECHAIN_SECRET_KEY (32 bytes, base64 or hex) when set, else from `notify.key` in the data
 * folder, created with 0600 permissions on first start. Losing it makes stored webhook secrets
 * and Slack URLs unreadable and every link already mailed invalid.
 */
export function loadServerKey(
  dataDir: string,
  configured: string | undefined,
): { key: Buffer; source: 'configuration' | 'file' } {
  if (configured !== undefined && configured.trim() !== '')
    return {
      key: decodeKey(configured.trim(), 'SERVICECHAIN_SECRET_KEY'),
      source: 'configuration',
    };
  const file = join(dataDir, KEY_FILE);
  mkdirSync(dataDir, { recursive: true });
  try {
    writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as { code?: string }).code !== 'EEXIST') throw error;
  }
  if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0)
    throw new Error(
      `${file}: others than its owner may read the notification key; run chmod 600 on it`,
    );
  return { key: decodeKey(readFileSync(file, 'utf8').trim(), file), source: 'file' };
}

function decodeKey(text: string, where: string): Buffer {
  const key = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32)
    throw new Error(
      `${where}: not a 32-byte key in base64 or hex (openssl rand -base64 32 makes one)`,
    );
  return key;
}
