import { createHash, createHmac } from 'node:crypto';
import { hmacSha256, sha256, toHex } from './sha256';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('sha256', () => {
  it.each([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    [
      'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq',
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    ],
  ])('matches the FIPS 180 test vector for %p', (message, digest) => {
    expect(toHex(sha256(utf8(message)))).toBe(digest);
  });

  it('agrees with node:crypto across block boundaries and multi-byte text', () => {
    for (let length = 0; length <= 200; length += 1) {
      const bytes = Uint8Array.from(
        { length },
        (_, i) => (i * 31 + length) % 256,
      );
      expect(toHex(sha256(bytes))).toBe(
        createHash('sha256').update(bytes).digest('hex'),
      );
    }
    expect(toHex(sha256(utf8('本溪满族自治县')))).toBe(
      createHash('sha256').update('本溪满族自治县').digest('hex'),
    );
  });
});

describe('hmacSha256', () => {
  it('matches RFC 4231 test case 2', () => {
    expect(
      toHex(hmacSha256(utf8('Jefe'), utf8('what do ya want for nothing?'))),
    ).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  });

  it('agrees with node:crypto for short and long keys', () => {
    for (const key of ['k', 'x'.repeat(64), 'y'.repeat(131)]) {
      expect(toHex(hmacSha256(utf8(key), utf8('message')))).toBe(
        createHmac('sha256', key).update('message').digest('hex'),
      );
    }
  });
});
