"use client";

import { signIn } from "next-auth/react";
import { useState } from "react";

/**
 * With JavaScript: next-auth's signIn() (no page load, error shown in place).
 * Without JavaScript: the same form posts natively to next-auth's credentials callback, never
 * as a GET, so the password is never in a URL. The CSRF token comes from next-auth's cookie; on a
 * first visit there is none yet, and that first post only sets it (the page asks to submit again).
 */
export function SignInForm({ callbackUrl, csrfToken, failed }: { callbackUrl: string; csrfToken?: string; failed: boolean }) {
  const [error, setError] = useState<string | null>(failed ? "Wrong e-mail or password." : null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
    });
    setPending(false);
    if (!result || result.error) {
      // next-auth's own code for "authorize answered null"; any other text is our refusal (lockout, throttle)
      setError(!result?.error || result.error === "CredentialsSignin" ? "Wrong e-mail or password." : result.error);
      return;
    }
    window.location.assign(callbackUrl);
  }

  return (
    <form className="form" method="post" action="/api/auth/callback/credentials" onSubmit={onSubmit} aria-label="Sign in">
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      {csrfToken && <input type="hidden" name="csrfToken" value={csrfToken} />}
      <label>
        E-mail
        <input name="email" type="email" autoComplete="username" required autoFocus />
      </label>
      <label>
        Password
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!csrfToken && (
        <noscript>
          <p className="muted">Without JavaScript, the first submission only sets up a security cookie: enter your details and submit once more.</p>
        </noscript>
      )}
      <button className="primary" type="submit" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
