'use client';

import { useState } from 'react';
import type { AdminUser } from '@/lib/admin/users';
import { api } from '@/lib/api-client';
import { formatTokens, formatUsd } from '@/lib/usage/format';
import { BudgetField } from './budget-field';
import { DisableButton } from './disable-button';

/** One account: who, this month's usage, and its controls. Its row is named by the email, so that its controls are too. */
export function UserRow({ user, isSelf, onChange }: { user: AdminUser; isSelf: boolean; onChange: (user: AdminUser) => void }) {
  const [error, setError] = useState<string>();
  const change = async (patch: { disabled?: boolean; dailyBudgetUsd?: number | null }) => {
    const result = await api.changeUser(user.id, patch);
    if (result.ok) {
      setError(undefined);
      onChange(result.data.user);
    } else setError(result.error.message);
    return result.ok;
  };
  const tokens = user.usage.inputTokens + user.usage.outputTokens;
  return (
    <tr aria-label={user.email} data-user-email={user.email} data-disabled={user.disabled} className="border-t border-border align-top">
      <th scope="row" className="px-3 py-2 font-normal">
        <div className="font-medium">{user.email}</div>
        {user.name && user.name !== user.email ? <div className="text-muted">{user.name}</div> : null}
      </th>
      <td className="px-3 py-2">{user.role === 'admin' ? 'Admin' : 'User'}</td>
      <td className="px-3 py-2">
        <time dateTime={user.createdAt}>{new Date(user.createdAt).toLocaleDateString('en-US', { dateStyle: 'medium', timeZone: 'UTC' })}</time>
      </td>
      <td className="px-3 py-2 text-right tabular-nums" data-tokens={tokens} title={`${formatTokens(user.usage.inputTokens)} in, ${formatTokens(user.usage.outputTokens)} out`}>
        {formatTokens(tokens)}
      </td>
      <td className="px-3 py-2 text-right tabular-nums" data-cost-usd={user.usage.costUsd}>
        {formatUsd(user.usage.costUsd)}
      </td>
      <td className="px-3 py-2">
        <BudgetField email={user.email} budgetUsd={user.dailyBudgetUsd} onSave={(dailyBudgetUsd) => change({ dailyBudgetUsd })} />
      </td>
      <td className="px-3 py-2">
        <p className="mb-1">{user.disabled ? 'Disabled' : 'Active'}</p>
        {isSelf ? null : <DisableButton email={user.email} disabled={user.disabled} onToggle={() => change({ disabled: !user.disabled })} />}
        {error ? (
          <p role="alert" className="mt-1 text-danger">
            {error}
          </p>
        ) : null}
      </td>
    </tr>
  );
}
