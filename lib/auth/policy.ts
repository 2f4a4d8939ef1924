/**
 * Who may have an account: an allow-list of addresses and domains (`@example.com` or
 * `example.com`). An empty list allows everyone. Compared in lower case.
 */
export function isEmailAllowed(email: string, allowed: readonly string[]): boolean {
  if (allowed.length === 0) return true;
  const address = email.trim().toLowerCase();
  const domain = address.slice(address.lastIndexOf('@') + 1);
  return allowed.some((entry) => (entry.includes('@') && !entry.startsWith('@') ? entry === address : entry.replace(/^@/, '') === domain));
}

/** Whether a new account is an admin: named in RILL_ADMIN_EMAILS, or, when none is named, the first account. */
export function isAdminEmail(email: string, adminEmails: readonly string[], isFirstAccount: boolean): boolean {
  return adminEmails.length ? adminEmails.includes(email.trim().toLowerCase()) : isFirstAccount;
}
