import { signContext, verifyContext } from './signed-context';
import type { RequestContext } from './request-context';

const SECRET = 'x'.repeat(40);
const context: RequestContext = { requestId: 'req-1', principal: { kind: 'user', id: 'officer-7', roles: ['KECAMATAN_OFFICER'] }, tenant: 'tangsel' };

describe('signed request context', () => {
  it('verifies what it signed', () => {
    expect(verifyContext(signContext(context, SECRET), SECRET)).toEqual({ ok: true, context });
  });

  it('rejects a header signed with another secret', () => {
    expect(verifyContext(signContext(context, 'y'.repeat(40)), SECRET)).toEqual({ ok: false, reason: 'BAD_SIGNATURE' });
  });

  it('rejects a payload changed after signing (a caller choosing its own tenant)', () => {
    const [, signature] = signContext(context, SECRET).split('.');
    const forged = Buffer.from(JSON.stringify({ rid: 'r', p: { kind: 'anonymous' }, t: 'batang', iat: Date.now() })).toString('base64url');
    expect(verifyContext(`${forged}.${signature}`, SECRET)).toEqual({ ok: false, reason: 'BAD_SIGNATURE' });
  });

  it('rejects missing, malformed and stale headers', () => {
    expect(verifyContext(undefined, SECRET)).toEqual({ ok: false, reason: 'MISSING' });
    expect(verifyContext('nodot', SECRET)).toEqual({ ok: false, reason: 'MALFORMED' });
    const old = signContext(context, SECRET, Date.now() - 10 * 60_000);
    expect(verifyContext(old, SECRET)).toEqual({ ok: false, reason: 'EXPIRED' });
  });
});
