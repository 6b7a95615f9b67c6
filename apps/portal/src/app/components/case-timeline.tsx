import type { HistoryEntry } from '../../api/types';
import { formatDateTime } from '../../lib/format';
import { actionLabel, label, levelLabel, roleLabel, stateLabel } from '../i18n/zh';

/**
 * The gateway records some inputs in the comment as "code: text" (an acceptance check,
 * an objection outcome); show the code's label instead.
 */
export function commentText(h: Pick<HistoryEntry, 'action' | 'comment'>, checkLabels: Record<string, string> = {}): string {
  const comment = h.comment ?? '';
  const m = /^([A-Za-z]+)(?::\s*([\s\S]*))?$/.exec(comment);
  if (!m) return comment;
  if (h.action === 'recordAcceptance') return m[2] ? `${label(checkLabels, m[1])}：${m[2]}` : label(checkLabels, m[1]);
  if (h.action === 'resolveObjection' && (m[1] === 'upheld' || m[1] === 'dismissed')) {
    const outcome = m[1] === 'upheld' ? '异议成立' : '异议不成立';
    return m[2] ? `${outcome}：${m[2]}` : outcome;
  }
  return comment;
}

/** Every transition of one case, in order: who, in which role and level, did what, and why. */
export function CaseTimeline({ history, checkLabels }: { history: HistoryEntry[]; checkLabels?: Record<string, string> }) {
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
            {h.actorName || roleLabel(h.role) || '系统'}
            <span className="muted">
              {h.actorName && h.actorName !== roleLabel(h.role) ? ` · ${roleLabel(h.role)}` : ''}
              {h.level ? ` · ${levelLabel(h.level)}级` : ''}
            </span>
          </p>
          <p className="timeline__states muted">
            {h.fromState ? `${stateLabel(h.fromState)} → ` : ''}
            {stateLabel(h.toState)}
          </p>
          {h.comment ? <blockquote className="timeline__comment">{commentText(h, checkLabels)}</blockquote> : null}
        </li>
      ))}
    </ol>
  );
}
