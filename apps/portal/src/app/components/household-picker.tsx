import { type FormEvent, useState } from 'react';
import { ApiError } from '../../api/client';
import { api } from '../../api/endpoints';
import type { HouseholdSummary } from '../../api/types';
import { householdStatusLabels, label } from '../i18n/zh';
import { FieldError, fieldId } from './form-controls';

export interface PickedHousehold {
  id: string;
  headName: string;
  townshipCode: string;
  villageCode: string;
}

/**
 * Choose a household from the roster (建档立卡) by the head's name or household number.
 * Not a <form>: it lives inside the declare form, so it searches on a button press.
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
  const [results, setResults] = useState<HouseholdSummary[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [searchError, setSearchError] = useState<string>();

  async function search(e?: FormEvent) {
    e?.preventDefault();
    if (!q.trim()) {
      setSearchError('请输入户主姓名或农户编号');
      return;
    }
    setBusy(true);
    setSearchError(undefined);
    try {
      const page = await api.listHouseholds({ q: q.trim(), village });
      setResults(page.items);
    } catch (err) {
      setSearchError(err instanceof ApiError ? err.message : '查询失败，请重试');
    } finally {
      setBusy(false);
    }
  }

  if (value) {
    return (
      <div className="field household-picked" data-testid="household-picked">
        <span className="field-label" id={`${id}-label`}>
          农户
        </span>
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
        查找农户<span className="required" aria-hidden="true"> *</span>
      </label>
      {hint ? (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <div className="inline-form">
        <input
          id={id}
          type="search"
          value={q}
          placeholder="户主姓名或农户编号"
          aria-invalid={error ? true : undefined}
          aria-describedby={[hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined}
          data-testid="household-search"
          onChange={(e) => setQ(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') void search(e);
          }}
        />
        <button type="button" className="button button--small" onClick={() => void search()} disabled={busy} data-testid="household-search-button">
          {busy ? '查询中…' : '查询'}
        </button>
      </div>
      <FieldError id={id} name="householdId" error={error} />
      {searchError ? (
        <p className="field-error" role="alert">
          {searchError}
        </p>
      ) : null}
      {results ? (
        results.length === 0 ? (
          <p className="muted" role="status">
            没有找到匹配的建档立卡农户。新农户请先办理“精准识别”。
          </p>
        ) : (
          <ul className="pick-list" aria-label="查询结果">
            {results.map((h) => (
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
                  <span className="muted"> · 编号 {h.id}</span>
                </button>
              </li>
            ))}
          </ul>
        )
      ) : null}
    </div>
  );
}
