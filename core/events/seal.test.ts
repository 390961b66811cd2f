import { randomBytes } from 'node:crypto';
import { DEVELOPMENT_SEAL_KEY, EventSeal, eventSealFrom } from './seal';

describe('sealed personal data in events', () => {
  const seal = new EventSeal(randomBytes(32));

  it('opens what it sealed, and every token differs (a fresh IV each time)', () => {
    const a = seal.seal('3674011708090001');
    expect(seal.open(a)).toBe('3674011708090001');
    expect(seal.seal('3674011708090001')).not.toBe(a);
    expect(a).not.toContain('3674011708090001');
  });

  it('does not open a token altered on the way, sealed under another key, or not a token at all', () => {
    const token = seal.seal('3674011708090001');
    const parts = token.split('.');
    const flipped = Buffer.from(parts[2]!, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    expect(seal.open([parts[0], parts[1], flipped.toString('base64url'), parts[3]].join('.'))).toBeUndefined();
    expect(new EventSeal(randomBytes(32)).open(token)).toBeUndefined();
    for (const junk of [undefined, null, 42, '', 'v1.a.b', 'v2.a.b.c']) expect(seal.open(junk)).toBeUndefined();
  });

  it('takes its key from the file, the development key only in development mode, else none', () => {
    const problems: string[] = [];
    expect(eventSealFrom({ GERBANG_DEV_MODE: false }, problems)).toBeUndefined();
    expect(eventSealFrom({ GERBANG_DEV_MODE: true }, problems)!.open(new EventSeal(DEVELOPMENT_SEAL_KEY).seal('x'))).toBe('x');
    expect(eventSealFrom({ GERBANG_EVENT_SEAL_KEY_FILE: '/nonexistent/seal.key' }, problems)).toBeUndefined();
    expect(problems).toEqual([expect.stringMatching(/^GERBANG_EVENT_SEAL_KEY_FILE: /)]);
    expect(() => new EventSeal(randomBytes(16))).toThrow(/32 bytes/);
  });
});
