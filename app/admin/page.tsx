import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { UsersTable } from '@/components/admin/users-table';
import { StandalonePage } from '@/components/shell/standalone-page';
import { listUsersWithUsage } from '@/lib/admin/users';
import { accountOf } from '@/lib/auth';
import { env } from '@/lib/env';

export const dynamic = 'force-dynamic';

export const metadata = { title: 'Admin · Rill' };

/** The operator's page: every account with its usage this month, to disable or to give a budget. Anyone but an admin gets a 404. */
export default async function AdminPage() {
  const admin = await accountOf(await headers());
  if (admin?.role !== 'admin') notFound();
  const users = await listUsersWithUsage();
  return (
    <StandalonePage title="Users" wide>
      <p className="text-muted">
        Usage and cost are this month&apos;s (UTC), priced as budgets are.{' '}
        {env.RILL_BUDGET_PER_IDENTITY_USD === undefined
          ? 'A daily budget left empty means no budget.'
          : `A daily budget left empty means this Rill's default, $${env.RILL_BUDGET_PER_IDENTITY_USD} a day.`}
      </p>
      <UsersTable initialUsers={users} adminId={admin.id} />
    </StandalonePage>
  );
}
