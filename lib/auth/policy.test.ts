import { describe, expect, it } from 'vitest';
import { isAdminEmail, isEmailAllowed } from './policy';

describe('the account allow-list', () => {
  it('lets anyone in when empty', () => {
    expect(isEmailAllowed('ada@example.com', [])).toBe(true);
  });

  it('takes whole addresses and domains, with or without @, in any case', () => {
    const allowed = ['grace@navy.mil', '@example.com', 'acme.org'];
    expect(isEmailAllowed('Grace@Navy.mil', allowed)).toBe(true);
    expect(isEmailAllowed('ada@example.com', allowed)).toBe(true);
    expect(isEmailAllowed('wile@acme.org', allowed)).toBe(true);
    expect(isEmailAllowed('other@navy.mil', allowed)).toBe(false);
    expect(isEmailAllowed('ada@notexample.com', allowed)).toBe(false);
    expect(isEmailAllowed('ada@example.com.evil.io', allowed)).toBe(false);
  });
});

describe('the admin role', () => {
  it('goes to the named admins, or else to the first account', () => {
    expect(isAdminEmail('boss@example.com', ['boss@example.com'], false)).toBe(true);
    expect(isAdminEmail('first@example.com', ['boss@example.com'], true)).toBe(false);
    expect(isAdminEmail('first@example.com', [], true)).toBe(true);
    expect(isAdminEmail('second@example.com', [], false)).toBe(false);
  });
});
