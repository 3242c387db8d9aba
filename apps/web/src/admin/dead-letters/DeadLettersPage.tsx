import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { Loading } from '../../ui/Loading';
import { ProblemMessage } from '../../ui/ProblemMessage';
import { usePageTitle } from '../../ui/usePageTitle';
import { Announcement } from '../ui/Announcement';
import { ConfirmAction } from '../ui/ConfirmAction';
import { DateTime } from '../ui/DateTime';
import { SelectField } from '../../ui/SelectField';
import { type DeadLetterAction, useDeadLetterAction } from './dead-letter-actions';
import {
  DEAD_LETTER_SERVICES,
  deadLetters,
  type DeadLetter,
  isDeadLetterService,
} from './dead-letter-queries';

const SERVICE_OPTIONS = [
  { value: '', label: 'Every service' },
  ...DEAD_LETTER_SERVICES.map((service) => ({ value: service, label: service })),
];

const DONE: Record<DeadLetterAction, string> = { replay: 'Replayed', drop: 'Dropped' };

function letterName(letter: DeadLetter): string {
  return `${letter.type ?? 'unknown event'} for ${letter.service}`;
}

/**
 * Messages a consuming service gave up on, per service (kept in the URL): why, how often it was tried, the body.
 * Replay queues one again; drop deletes it after asking. What happened is announced in the page's live region.
 */
export function DeadLettersPage() {
  const [params, setParams] = useSearchParams();
  const requested = params.get('service');
  const service = isDeadLetterService(requested) ? requested : undefined;
  usePageTitle('Dead letters · Console');
  const list = useQuery(deadLetters(service));
  const act = useDeadLetterAction();
  const [announcement, setAnnouncement] = useState('');

  const run = (action: DeadLetterAction, letter: DeadLetter) => {
    setAnnouncement('');
    act.mutate(
      { action, letter },
      { onSuccess: () => setAnnouncement(`${DONE[action]} ${letterName(letter)} (${letter.id}).`) },
    );
  };

  return (
    <section aria-labelledby="dead-letters-heading">
      <h1 id="dead-letters-heading">Dead letters</h1>
      <form className="console-form console-form--inline" onSubmit={(event) => event.preventDefault()}>
        <SelectField
          label="Service"
          name="service"
          value={service ?? ''}
          options={SERVICE_OPTIONS}
          onChange={(event) => setParams(event.target.value ? { service: event.target.value } : {})}
        />
      </form>
      <Announcement text={announcement} />
      {act.isError && <ProblemMessage error={act.error} />}
      {list.isPending ? (
        <Loading what="dead letters" />
      ) : list.isError ? (
        <ProblemMessage error={list.error} retry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <p className="empty">No dead letters{service ? ` for ${service}` : ''}. Every message was handled.</p>
      ) : (
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">Dead letters, oldest first</caption>
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">Service</th>
                <th scope="col">Reason</th>
                <th scope="col">Attempts</th>
                <th scope="col">Dead-lettered</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((letter) => (
                <tr key={letter.id}>
                  <th scope="row">
                    <code>{letter.type ?? 'unknown'}</code>
                    <span className="letter-id muted">
                      <code>{letter.id}</code>
                    </span>
                    <details className="letter-body">
                      <summary>
                        Message<span className="visually-hidden"> {letter.id}</span>
                      </summary>
                      {letter.eventId && (
                        <p className="muted">
                          Event <code>{letter.eventId}</code>
                        </p>
                      )}
                      <pre>{JSON.stringify(letter.body, null, 2)}</pre>
                    </details>
                  </th>
                  <td>{letter.service}</td>
                  <td className="reason">{letter.reason}</td>
                  <td>{letter.attempts}</td>
                  <td>
                    <DateTime value={letter.deadLetteredAt} />
                  </td>
                  <td className="actions">
                    <button
                      type="button"
                      className="button button--small"
                      disabled={act.isPending}
                      onClick={() => run('replay', letter)}
                    >
                      Replay<span className="visually-hidden"> {letter.id}</span>
                    </button>
                    <ConfirmAction
                      label="Drop"
                      detail={letter.id}
                      question="Drop it for good?"
                      confirmLabel="Yes, drop"
                      disabled={act.isPending}
                      onConfirm={() => run('drop', letter)}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
