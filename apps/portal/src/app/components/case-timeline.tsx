import type { HistoryEntry } from '../../api/types';
import { formatDateTime } from '../../lib/format';
import { actionLabel, levelLabel, roleLabel, stateLabel } from '../i18n/zh';

/** Every transition of one case, in order: who, in which role and level, did what, and why. */
export function CaseTimeline({ history }: { history: HistoryEntry[] }) {
  if (history.length === 0) return <p className="muted">暂无办理记录。</p>;
  const entries = [...history].sort((a, b) => a.seq - b.seq);
  return (
    <ol className="timeline" data-testid="case-timeline">
      {entries.map((h) => (
        <li key={h.seq} className={`timeline__item timeline__item--${h.action}`} data-testid="timeline-entry">
          <div className="timeline__head">
            <strong className="timeline__action">{actionLabel(h.action)}</strong>
            <time dateTime={h.at} className="timeline__time">
              {formatDateTime(h.at)}
            </time>
          </div>
          <p className="timeline__who">
            {h.actorName || '系统'}
            <span className="muted">
              {' '}
              · {roleLabel(h.role)}
              {h.level ? ` · ${levelLabel(h.level)}级` : ''}
            </span>
          </p>
          <p className="timeline__states muted">
            {h.fromState ? `${stateLabel(h.fromState)} → ` : ''}
            {stateLabel(h.toState)}
          </p>
          {h.comment ? <blockquote className="timeline__comment">{h.comment}</blockquote> : null}
        </li>
      ))}
    </ol>
  );
}
