import { Suspense } from "react";
import { OverviewView } from "./overview-view";

export default async function HomePage({ searchParams }: { searchParams: Promise<{ forbidden?: string }> }) {
  const { forbidden } = await searchParams;
  return (
    <>
      {forbidden && (
        <p className="error" role="alert">
          The {forbidden} page is for admins only.
        </p>
      )}
      <Suspense>
        <OverviewView />
      </Suspense>
    </>
  );
}
