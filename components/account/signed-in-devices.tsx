'use client';

import { useState } from 'react';
import type { DeviceSession } from '@/lib/auth/sessions';
import { api } from '@/lib/api-client';
import { DeviceSessionItem } from './device-session-item';
import { SignOutEverywhereButton } from './sign-out-everywhere-button';

const devices = (count: number) => (count === 1 ? '1 device' : `${count} devices`);

/** "Signed in on N devices": each session, a way to sign out the others one by one, and everywhere at once. */
export function SignedInDevices({ initialSessions }: { initialSessions: DeviceSession[] }) {
  const [sessions, setSessions] = useState(initialSessions);
  const [error, setError] = useState<string>();
  const revoke = async (id: string) => {
    const result = await api.revokeDeviceSession(id);
    // Not found: it ended already, which is what was asked.
    if (result.ok || result.error.status === 404) {
      setError(undefined);
      setSessions((current) => current.filter((session) => session.id !== id));
    } else setError(result.error.message);
  };
  return (
    <section aria-labelledby="devices-heading" className="space-y-3">
      <h2 id="devices-heading" className="text-lg font-semibold">
        Signed in on {devices(sessions.length)}
      </h2>
      <ul aria-label="Devices" className="divide-y divide-border rounded-lg border border-border">
        {sessions.map((session) => (
          <DeviceSessionItem key={session.id} session={session} onRevoke={() => revoke(session.id)} />
        ))}
      </ul>
      {error ? (
        <p role="alert" className="text-danger">
          {error}
        </p>
      ) : null}
      <SignOutEverywhereButton />
    </section>
  );
}
