import { useMutation } from '@tanstack/react-query';
import { type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { ApiProblem, unwrap } from '../../api/problem';
import { useSession } from '../../session/session';
import { Field } from '../../ui/Field';
import { ProblemMessage } from '../../ui/ProblemMessage';
import { usePageTitle } from '../../ui/usePageTitle';
import { safeNext } from './safe-next';
import { secretOf, textOf } from '../../ui/form-data';

interface NewAccount {
  email: string;
  displayName: string;
  password: string;
}

/** Create an account, sign in with it at once, then go where the person was going (`?next=`). */
export function SignUpPage() {
  usePageTitle('Sign up');
  const session = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const signUp = useMutation({
    mutationFn: async (account: NewAccount) => {
      await unwrap(api.POST('/api/v1/auth/register', { body: account }));
      return session.signIn(account.email, account.password);
    },
    onSuccess: () => void navigate(next),
  });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    signUp.mutate({
      email: textOf(form, 'email'),
      displayName: textOf(form, 'displayName'),
      password: secretOf(form, 'password'),
    });
  };

  const problem = signUp.error instanceof ApiProblem ? signUp.error : undefined;
  const shownBesideFields = ['email', 'displayName', 'password'].some((field) => problem?.fieldError(field));
  return (
    <section className="account-form" aria-labelledby="sign-up-heading">
      <h1 id="sign-up-heading">Create an account</h1>
      <form onSubmit={submit} noValidate>
        <Field
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          required
          maxLength={254}
          error={problem?.fieldError('email')}
        />
        <Field
          label="Your name"
          name="displayName"
          autoComplete="name"
          required
          maxLength={100}
          error={problem?.fieldError('displayName')}
        />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          maxLength={256}
          hint="At least 10 characters, not your email address, not a commonly used password."
          error={problem?.fieldError('password')}
        />
        {signUp.isError && !shownBesideFields && <ProblemMessage error={signUp.error} />}
        <button type="submit" className="button" disabled={signUp.isPending}>
          {signUp.isPending ? 'Creating your account…' : 'Create account'}
        </button>
      </form>
      <p>
        Already have an account?{' '}
        <Link to={`/sign-in${next === '/' ? '' : `?next=${encodeURIComponent(next)}`}`}>Sign in</Link>
      </p>
    </section>
  );
}
