import { type InfiniteData, useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client';
import { unwrap } from '../../api/problem';
import { Loading } from '../../ui/Loading';
import { ProblemMessage } from '../../ui/ProblemMessage';
import { usePageTitle } from '../../ui/usePageTitle';
import { Announcement } from '../ui/Announcement';
import { ConfirmAction } from '../ui/ConfirmAction';
import { DateTime } from '../ui/DateTime';
import { LoadMore } from '../../ui/LoadMore';
import { RoleProblem } from './RoleProblem';
import { type User, type UserPage, userPages } from './user-queries';

type Change = { user: User; grant: boolean };

/** Everyone with an account and their roles; granting or revoking admin is announced, a refusal explained. */
export function UsersPage() {
  usePageTitle('Users · Console');
  const queryClient = useQueryClient();
  const users = useInfiniteQuery(userPages());
  const [announcement, setAnnouncement] = useState('');

  const change = useMutation({
    mutationFn: ({ user, grant }: Change) => {
      const params = { path: { id: user.id, role: 'admin' as const } };
      return unwrap(
        grant
          ? api.PUT('/api/v1/admin/users/{id}/roles/{role}', { params })
          : api.DELETE('/api/v1/admin/users/{id}/roles/{role}', { params }),
      );
    },
    onMutate: () => setAnnouncement(''),
    onSuccess: (updated, { grant }) => {
      queryClient.setQueryData<InfiniteData<UserPage>>(userPages().queryKey, (data) =>
        data
          ? {
              ...data,
              pages: data.pages.map((page) => ({
                ...page,
                items: page.items.map((item) => (item.id === updated.id ? updated : item)),
              })),
            }
          : data,
      );
      setAnnouncement(
        grant
          ? `${updated.email} is now an administrator.`
          : `${updated.email} is no longer an administrator.`,
      );
    },
  });

  const items = users.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section aria-labelledby="users-heading">
      <h1 id="users-heading">Users and roles</h1>
      <Announcement text={announcement} />
      {change.isError && <RoleProblem error={change.error} email={change.variables.user.email} />}
      {users.isPending ? (
        <Loading what="users" />
      ) : users.isError ? (
        <ProblemMessage error={users.error} retry={() => void users.refetch()} />
      ) : items.length === 0 ? (
        <p className="empty">No users yet.</p>
      ) : (
        <>
          <div className="table-scroll">
            <table>
              <caption className="visually-hidden">Users</caption>
              <thead>
                <tr>
                  <th scope="col">Email</th>
                  <th scope="col">Name</th>
                  <th scope="col">Roles</th>
                  <th scope="col">Joined</th>
                  <th scope="col">Admin role</th>
                </tr>
              </thead>
              <tbody>
                {items.map((user) => {
                  const admin = user.roles.includes('admin');
                  return (
                    <tr key={user.id}>
                      <th scope="row">{user.email}</th>
                      <td>{user.displayName}</td>
                      <td>{user.roles.join(', ')}</td>
                      <td>
                        <DateTime value={user.createdAt} />
                      </td>
                      <td className="actions">
                        {admin ? (
                          <ConfirmAction
                            label="Revoke admin"
                            detail={`from ${user.email}`}
                            question={`Take the admin role from ${user.email}?`}
                            confirmLabel="Yes, revoke"
                            disabled={change.isPending}
                            onConfirm={() => change.mutate({ user, grant: false })}
                          />
                        ) : (
                          <button
                            type="button"
                            className="button button--secondary button--small"
                            disabled={change.isPending}
                            onClick={() => change.mutate({ user, grant: true })}
                          >
                            Make admin<span className="visually-hidden"> {user.email}</span>
                          </button>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <LoadMore query={users} what="users" />
        </>
      )}
    </section>
  );
}
