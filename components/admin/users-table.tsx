'use client';

import { useState } from 'react';
import type { AdminUser } from '@/lib/admin/users';
import { UserRow } from './user-row';

/** Every account, one row each; a row's change replaces it with the server's answer. */
export function UsersTable({ initialUsers, adminId }: { initialUsers: AdminUser[]; adminId: string }) {
  const [users, setUsers] = useState(initialUsers);
  const replace = (user: AdminUser) => setUsers((current) => current.map((candidate) => (candidate.id === user.id ? user : candidate)));
  return (
    <div className="overflow-x-auto rounded-lg border border-border">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Users, with their usage this month</caption>
        <thead className="bg-surface">
          <tr>
            <th scope="col" className="px-3 py-2">User</th>
            <th scope="col" className="px-3 py-2">Role</th>
            <th scope="col" className="px-3 py-2">Joined</th>
            <th scope="col" className="px-3 py-2 text-right">Tokens this month</th>
            <th scope="col" className="px-3 py-2 text-right">Cost this month</th>
            <th scope="col" className="px-3 py-2">Daily budget</th>
            <th scope="col" className="px-3 py-2">Status</th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <UserRow key={user.id} user={user} isSelf={user.id === adminId} onChange={replace} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
