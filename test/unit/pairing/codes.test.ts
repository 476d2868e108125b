import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import {
  generateInviteToken,
  generatePairingCode,
  hashInviteToken,
  safeEqual,
} from '../../../server/pairing/codes.js';
import { acceptPairingBody, toAcceptInput } from '../../../server/pairing/schema.js';

describe('pairing codes and tokens', () => {
  it('codes are LZ- and six digits, spread over the whole range', () => {
    const codes = Array.from({ length: 2000 }, generatePairingCode);
    for (const code of codes) expect(code).toMatch(/^LZ-[0-9]{6}$/);
    expect(new Set(codes).size).toBeGreaterThan(1990);
    // Leading digits cover 0-9: zero-padding, not a 100000..999999 range.
    expect(new Set(codes.map((c) => c[3])).size).toBe(10);
  });

  it('tokens are 32 random bytes in base64url; only their SHA-256 hex is kept', () => {
    const token = generateInviteToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(generateInviteToken()).not.toBe(token);
    expect(hashInviteToken(token)).toBe(createHash('sha256').update(token).digest('hex'));
  });

  it('safeEqual compares any two strings without throwing on length', () => {
    expect(safeEqual('LZ-123456', 'LZ-123456')).toBe(true);
    expect(safeEqual('LZ-123456', 'LZ-123457')).toBe(false);
    expect(safeEqual('short', 'a much longer string')).toBe(false);
    expect(safeEqual('', '')).toBe(true);
  });
});

describe('accept body', () => {
  it.each([
    ['LZ-123456', 'LZ-123456'],
    ['lz-123456', 'LZ-123456'],
    [' LZ 123 456 ', 'LZ-123456'],
    ['LZ123456', 'LZ-123456'],
    ['123456', 'LZ-123456'],
    ['012345', 'LZ-012345'],
  ])('reads the code %j as %s', (typed, code) => {
    expect(toAcceptInput(acceptPairingBody.parse({ code: typed }))).toEqual({ code });
  });

  it.each([
    [{}],
    [{ code: '12345' }],
    [{ code: 'XX-123456' }],
    [{ code: 'LZ-1234567' }],
    [{ token: 'abc' }],
    [{ code: 'LZ-123456', token: generateInviteToken() }],
  ])('refuses %j', (body) => {
    expect(acceptPairingBody.safeParse(body).success).toBe(false);
  });

  it('takes a token alone', () => {
    const token = generateInviteToken();
    expect(toAcceptInput(acceptPairingBody.parse({ token }))).toEqual({ token });
  });
});
