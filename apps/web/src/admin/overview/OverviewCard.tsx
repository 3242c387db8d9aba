import { type ReactNode } from 'react';
import { Link } from 'react-router';

interface OverviewCardProps {
  title: string;
  to: string;
  /** A figure or state that says whether the section needs a look; absent for sections without one. */
  children?: ReactNode;
  attention?: boolean;
}

/** One console section on the overview: its link, and what it has to say right now. */
export function OverviewCard({ title, to, children, attention }: OverviewCardProps) {
  return (
    <li className={attention ? 'overview-card overview-card--attention' : 'overview-card'}>
      <h2 className="overview-card__title">
        <Link to={to}>{title}</Link>
      </h2>
      {children}
    </li>
  );
}
