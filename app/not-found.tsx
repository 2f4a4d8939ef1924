import { NotFoundNotice } from '@/components/shell/not-found-notice';

/** Any other address Rill does not have. */
export default function NotFound() {
  return (
    <main className="flex min-h-dvh flex-col">
      <header className="border-b border-border px-3 py-2 sm:px-4">
        <h1 className="text-lg font-semibold tracking-tight">Rill</h1>
      </header>
      <NotFoundNotice heading="This page does not exist" detail="The address may be mistyped, or the page has moved." />
    </main>
  );
}
