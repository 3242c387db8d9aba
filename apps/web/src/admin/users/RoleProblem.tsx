import { ApiProblem } from '../../api/problem';
import { ProblemMessage } from '../../ui/ProblemMessage';

/**
 * Why a role change was refused. LAST_ADMIN gets its own words: the shop must keep one administrator, and the way
 * out (make someone else an admin first) is what the operator needs to read.
 */
export function RoleProblem({ error, email }: { error: unknown; email: string }) {
  if (!(error instanceof ApiProblem) || error.code !== 'LAST_ADMIN') return <ProblemMessage error={error} />;
  return (
    <div className="problem" role="alert">
      <p className="problem__message">
        {email} is the last administrator, so the admin role stays. Make someone else an administrator first.
      </p>
      {error.requestId && (
        <p className="problem__request">
          Request ID: <code>{error.requestId}</code>
        </p>
      )}
    </div>
  );
}
