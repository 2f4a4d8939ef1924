import { LoginForm } from '@/components/login-form';
import { safeNextPath } from '@/lib/security/redirect';

export const dynamic = 'force-dynamic';

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  const destination = safeNextPath(next);
  return (
    <main className="flex min-h-dvh items-center justify-center px-4">
      <div className="w-full max-w-sm space-y-4">
        <h1 className="text-2xl font-semibold">Rill</h1>
        <p className="text-muted">This Rill is private. Enter its password to chat.</p>
        <LoginForm destination={destination} />
      </div>
    </main>
  );
}
