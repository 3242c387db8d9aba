import { useMutation } from '@tanstack/react-query';
import { type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ApiProblem } from '../../api/problem';
import { useSession } from '../../session/session';
import { Field } from '../../ui/Field';
import { ProblemMessage } from '../../ui/ProblemMessage';
import { usePageTitle } from '../../ui/usePageTitle';
import { safeNext } from './safe-next';
import { secretOf, textOf } from '../../ui/form-data';

/** Sign in, then back to where the person was going (`?next=`): the console sends admins here too. */
export function SignInPage() {
  usePageTitle('Sign in');
  const session = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const signIn = useMutation({
    mutationFn: ({ email, password }: { email: string; password: string }) => session.signIn(email, password),
    // Client-side: the session is in memory, a full page load would have to resume it from the cookie.
    onSuccess: () => void navigate(next),
  });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    signIn.mutate({ email: textOf(form, 'email'), password: secretOf(form, 'password') });
  };

  const problem = signIn.error instanceof ApiProblem ? signIn.error : undefined;
  return (
    <section className="account-form" aria-labelledby="sign-in-heading">
      <h1 id="sign-in-heading">Sign in</h1>
      <form onSubmit={submit} noValidate>
        <Field
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          required
          error={problem?.fieldError('email')}
        />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          error={problem?.fieldError('password')}
        />
        {signIn.isError && !problem?.fieldErrors.length && <ProblemMessage error={signIn.error} />}
        <button type="submit" className="button" disabled={signIn.isPending}>
          {signIn.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p>
        New here?{' '}
        <Link to={`/sign-up${next === '/' ? '' : `?next=${encodeURIComponent(next)}`}`}>
          Create an account
        </Link>
      </p>
    </section>
  );
}
