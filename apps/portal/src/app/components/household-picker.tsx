import { useMemo, useState } from 'react';
import { api } from '../../api/endpoints';
import type { HouseholdSummary } from '../../api/types';
import { householdStatusLabels, label } from '../i18n/zh';
import { useAsync } from '../hooks/use-async';
import { FieldError, fieldId } from './form-controls';
import { ErrorNotice } from './status';

export interface PickedHousehold {
  id: string;
  headName: string;
  townshipCode: string;
  villageCode: string;
}

const SHOWN = 30;
const PAGE_SIZE = 200;
/** Pages of the village roster followed at most: 2,000 households, far above a village's size. */
const MAX_PAGES = 10;

/** The village's roster, following `nextCursor` page by page; `complete` is false past MAX_PAGES. */
async function loadRoster(village: string | undefined, signal: AbortSignal) {
  const items: HouseholdSummary[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await api.listHouseholds({ village, cursor, pageSize: PAGE_SIZE }, { signal });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
    pages += 1;
  } while (cursor && pages < MAX_PAGES);
  return { items, complete: !cursor };
}

/**
 * Choose a household from the roster (建档立卡) of the officer's village. The roster API has
 * no text search, so the village's households (a few hundred at most) are loaded once, every
 * page of them, and filtered here by the head's name or household number.
 */
export function HouseholdPicker({
  value,
  onChange,
  error,
  hint,
  village,
}: {
  value: PickedHousehold | null | undefined;
  onChange: (h: PickedHousehold | null) => void;
  error?: string;
  hint?: string;
  village?: string;
}) {
  const id = fieldId('householdId');
  const [q, setQ] = useState('');
  const roster = useAsync((signal) => loadRoster(village, signal), [village]);
  const matches = useMemo(() => {
    const text = q.trim();
    const all = roster.data?.items ?? [];
    return text ? all.filter((h) => h.headName.includes(text) || h.id.startsWith(text)) : all;
  }, [roster.data, q]);

  if (value) {
    return (
      <div className="field household-picked" data-testid="household-picked">
        <span className="field-label">农户</span>
        <p>
          <strong>{value.headName || '（未知户主）'}</strong> 户 <span className="muted">编号 {value.id}</span>{' '}
          <button type="button" className="button button--ghost button--small" onClick={() => onChange(null)} data-testid="household-change">
            更换
          </button>
        </p>
        <FieldError id={id} name="householdId" error={error} />
      </div>
    );
  }

  return (
    <div className={'field household-picker' + (error ? ' field--invalid' : '')}>
      <label htmlFor={id} className="field-label">
        选择农户<span className="required" aria-hidden="true"> *</span>
      </label>
      {hint ? (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <input
        id={id}
        type="search"
        value={q}
        placeholder="输入户主姓名或农户编号筛选"
        aria-invalid={error ? true : undefined}
        aria-describedby={[hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined}
        aria-controls={`${id}-results`}
        data-testid="household-search"
        onChange={(e) => setQ(e.target.value)}
      />
      <FieldError id={id} name="householdId" error={error} />
      {roster.error ? <ErrorNotice error={roster.error} onRetry={() => void roster.reload()} /> : null}
      {roster.loading && !roster.data ? (
        <p className="muted" role="status">
          正在加载本村建档立卡农户…
        </p>
      ) : null}
      {roster.data && !roster.data.complete ? (
        <p className="muted" data-testid="household-roster-partial">
          本村建档立卡农户较多，只加载了前 {roster.data.items.length} 户，筛选只在这些农户中进行。
        </p>
      ) : null}
      {roster.data ? (
        matches.length === 0 ? (
          <p className="muted" role="status">
            没有匹配的建档立卡农户。新农户请先办理“精准识别”。
          </p>
        ) : (
          <>
            <ul className="pick-list" id={`${id}-results`} aria-label="建档立卡农户">
              {matches.slice(0, SHOWN).map((h) => (
                <li key={h.id}>
                  <button
                    type="button"
                    className="pick-list__item"
                    data-testid="household-option"
                    onClick={() =>
                      onChange({ id: h.id, headName: h.headName, townshipCode: h.townshipCode, villageCode: h.villageCode })
                    }
                  >
                    <strong>{h.headName}</strong> 户 · {h.size} 人 · {label(householdStatusLabels, h.status)}
                    {h.villageName ? <span className="muted"> · {h.villageName}</span> : null}
                  </button>
                </li>
              ))}
            </ul>
            {matches.length > SHOWN ? (
              <p className="muted">共 {matches.length} 户，仅显示前 {SHOWN} 户，请输入姓名缩小范围。</p>
            ) : null}
          </>
        )
      ) : null}
    </div>
  );
}
