import { ApiProblem } from '../api/problem';

/**
 * An error as a person reads it: what went wrong, in the gateway's words, and the request ID to quote to support.
 * Field errors are shown beside their fields by the form; this shows the rest.
 */
export function ProblemMessage({ error, retry }: { error: unknown; retry?: () => void }) {
  const problem =
    error instanceof ApiProblem
      ? error
      : new ApiProblem(
          0,
          'UNEXPECTED',
          'Something went wrong',
          'Something went wrong. Try again.',
          undefined,
        );
  return (
    <div className="problem" role="alert">
      <p className="problem__message">{problem.readable}</p>
      {problem.requestId && (
        <p className="problem__request">
          Request ID: <code>{problem.requestId}</code>
        </p>
      )}
      {retry && (
        <button type="button" className="button button--secondary" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}
