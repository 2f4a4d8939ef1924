import { describe, expect, it } from 'vitest';
import { safeHref } from './safe-href';

describe('safeHref', () => {
  it.each([
    ['https://example.com', 'https://example.com/'],
    ['http://example.com/a?b=1#c', 'http://example.com/a?b=1#c'],
    ['HTTPS://Example.COM/Path', 'https://example.com/Path'],
    ['mailto:someone@example.com', 'mailto:someone@example.com'],
    ['MailTo:someone@example.com?subject=hi', 'mailto:someone@example.com?subject=hi'],
    ['https://例え.jp/パス', 'https://xn--r8jz45g.jp/%E3%83%91%E3%82%B9'],
    ['https://example.com/<script>', 'https://example.com/%3Cscript%3E'],
    ['https://example.com/"onmouseover="x', 'https://example.com/%22onmouseover=%22x'],
  ])('allows %j', (input, expected) => {
    expect(safeHref(input)).toBe(expected);
  });

  it.each([
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'JAVASCRIPT:alert(1)',
    ' javascript:alert(1)',
    'javascript :alert(1)',
    'java\tscript:alert(1)',
    'java\nscript:alert(1)',
    'java\rscript:alert(1)',
    '\u0000javascript:alert(1)',
    '\u0001javascript:alert(1)',
    'javascript\u0000:alert(1)',
    '\u200bjavascript:alert(1)',
    '\ufeffjavascript:alert(1)',
    '\u00a0javascript:alert(1)',
    '\u202ejavascript:alert(1)',
    'javascript&colon;alert(1)',
    '&#106;avascript:alert(1)',
    '%6Aavascript:alert(1)',
    'jav&#x09;ascript:alert(1)',
    'javascript://example.com/%0aalert(1)',
    'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
    'DATA:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'VBScript:msgbox(1)',
    'file:///etc/passwd',
    'ftp://example.com',
    'blob:https://example.com/uuid',
    'about:blank',
    'chrome://settings',
    'tel:+123456',
    '/relative/path',
    './relative',
    '../up',
    'relative.html',
    '//evil.example.com',
    '\\\\evil.example.com',
    '#fragment',
    '?query=1',
    '',
    'http://',
    'https://',
    'https://exa mple.com',
    'https://example.com/a b',
    'https://example.com/\u0000',
    'https://example.com\u2028',
    'https\u0000://example.com',
    'ht\ttps://example.com',
    'https\n://example.com',
    ':https://example.com',
  ])('rejects %j', (input) => {
    expect(safeHref(input)).toBeNull();
  });

  it('rejects non-strings and absurdly long URLs', () => {
    expect(safeHref(undefined as unknown as string)).toBeNull();
    expect(safeHref(`https://example.com/${'a'.repeat(10_000)}`)).toBeNull();
  });
});
