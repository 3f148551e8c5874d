"use client";

import { signIn } from "next-auth/react";

/** One button per identity provider configured in the environment (Entra ID, generic OIDC). */
export function ProviderButtons({ providers, callbackUrl }: { providers: { id: string; name: string }[]; callbackUrl: string }) {
  if (providers.length === 0) return null;
  return (
    <div className="form" aria-label="Identity providers">
      {providers.map((p) => (
        <button key={p.id} type="button" onClick={() => void signIn(p.id, { callbackUrl })}>
          Sign in with {p.name}
        </button>
      ))}
    </div>
  );
}
