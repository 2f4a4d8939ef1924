import { headers } from 'next/headers';
import { notFound, redirect } from 'next/navigation';
import { SignedInDevices } from '@/components/account/signed-in-devices';
import { ConnectorsSection } from '@/components/settings/connectors-section';
import { InstructionsForm } from '@/components/settings/instructions-form';
import { StandalonePage } from '@/components/shell/standalone-page';
import { accountsEnabled } from '@/lib/auth';
import { listDeviceSessions } from '@/lib/auth/sessions';
import { currentOwner } from '@/lib/identity/owner';
import { ownerInstructions } from '@/lib/instructions';
import { connectorsOffered, storedConnectorSettings } from '@/lib/mcp';
import { hasLiveAccess } from '@/lib/security/session';

export const dynamic = 'force-dynamic';

export const metadata = { title: 'Settings · Rill' };

/**
 * Everyone's settings, a guest's too: the custom instructions for every chat, the connectors
 * (MCP servers) whose tools Claude may use, and for an account, who is signed in on which
 * devices. Without an owner (guests off, or a session that ended) there is nothing to show:
 * sign in first.
 */
export default async function SettingsPage({ searchParams }: { searchParams: Promise<{ connector_error?: string | string[] }> }) {
  // The proxy checked the access cookie's signature; a revoked or expired session ends here.
  if (!(await hasLiveAccess())) redirect('/login');
  const owner = await currentOwner();
  if (!owner) {
    if (accountsEnabled) redirect('/sign-in?next=/settings');
    notFound();
  }
  const { account } = owner;
  const instructions = await ownerInstructions(owner.id);
  const connectors = connectorsOffered() ? await storedConnectorSettings(owner.id) : undefined;
  // What a connector's authorization came back with (app/api/mcp/oauth/callback): shown as text, never markup.
  const { connector_error: connectorError } = await searchParams;
  const sessions = account ? await listDeviceSessions(await headers()) : [];
  return (
    <StandalonePage title="Settings">
      {account && (
        <p className="text-muted">
          Signed in as <span className="font-medium text-fg">{account.email}</span>
          {account.role === 'admin' ? ' (admin)' : ''}.
        </p>
      )}
      <InstructionsForm initialInstructions={instructions} />
      {connectors && <ConnectorsSection initial={connectors} {...(typeof connectorError === 'string' ? { initialError: connectorError.slice(0, 300) } : {})} />}
      {account && <SignedInDevices initialSessions={sessions} />}
    </StandalonePage>
  );
}
