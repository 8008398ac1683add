import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';

/**
 * Secrets at rest and signed links, from one 256-bit server key: AES-256-GCM for what the store
 * keeps (webhook URLs and signing secrets, Slack URLs), HMAC-SHA256 for tokens in links. Each use
 * gets a key of its own derived with HKDF, so the two never share one.
 */
export class SecretBox {
  private readonly sealKey: Buffer;
  private readonly signKey: Buffer;

  constructor(serverKey: Buffer) {
    if (serverKey.length !== 32) throw new Error('the server key must be 32 bytes');
    this.sealKey = derive(serverKey, 'servicechain notify seal v1');
    this.signKey = derive(serverKey, 'servicechain notify link v1');
  }

  /** `v1.` and base64url of IV, tag and ciphertext; `context` must be given again to open it. */
  seal(plain: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.sealKey, iv);
    cipher.setAAD(Buffer.from(context));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
  }

  /** Throws when the box was changed, sealed with another key, or for another context. */
  open(sealed: string, context: string): string {
    const [version, data = ''] = sealed.split('.');
    if (version !== VERSION) throw new Error(`a sealed secret of unknown version '${version}'`);
    const raw = Buffer.from(data, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', this.sealKey, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }

  /** HMAC-SHA256 of `text` under the link key, base64url. */
  sign(text: string): Buffer {
    return createHmac('sha256', this.signKey).update(text).digest();
  }
}

function derive(key: Buffer, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), info, 32));
}
