import { getServerAuthSession } from "~/server/auth";

export default async function HomePage({ searchParams }: { searchParams: Promise<{ forbidden?: string }> }) {
  const [session, { forbidden }] = await Promise.all([getServerAuthSession(), searchParams]);
  return (
    <>
      <h1>Overview</h1>
      {forbidden && (
        <p className="error" role="alert">
          The {forbidden} page is for admins only.
        </p>
      )}
      <p className="muted">Signed in as {session?.user.email}.</p>
    </>
  );
}
