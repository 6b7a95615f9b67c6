import { useState, type FormEvent } from 'react';
import type { MaskedField } from '../../api/types';
import { formatBasisPoints, formatDateTime, formatInteger, formatYuan } from '../../lib/format';
import {
  attributeLabels,
  caseOriginLabels,
  dataFieldLabels,
  educationStageLabels,
  exitChecklistLabels,
  householdStatusLabels,
  housingGradeLabels,
  housingMethodLabels,
  label,
  personalDataKindLabels,
  povertyCauseLabels,
  yesNo,
} from '../i18n/zh';

const enumFields: Record<string, Record<string, string>> = {
  attribute: attributeLabels,
  stage: educationStageLabels,
  housingGrade: housingGradeLabels,
  appraisalGrade: housingGradeLabels,
  grade: housingGradeLabels,
  povertyCause: povertyCauseLabels,
  method: housingMethodLabels,
  origin: caseOriginLabels,
  status: householdStatusLabels,
  kind: { relief: '医疗救助', insurance: '资助参保' },
};

const genericLeafLabels: Record<string, string> = {
  met: '达标',
  source: '依据',
  at: '时间',
  label: '名称',
  reason: '原因',
  name: '姓名',
  idNumber: '身份证号',
};

function labelFor(path: string): string {
  const bare = path.replace(/\.\d+(?=\.|$)/g, '');
  const leaf = bare.split('.').pop() ?? path;
  return dataFieldLabels[bare] ?? exitChecklistLabels[leaf] ?? genericLeafLabels[leaf] ?? leaf;
}

function leafKey(path: string): string {
  return path.split('.').pop() ?? path;
}

/** What the gateway sends for a hidden personal value. */
const HIDDEN = '***';

function formatLeaf(path: string, value: unknown): string {
  const key = leafKey(path);
  if (value === null || value === undefined || value === '') return '—';
  if (value === HIDDEN) return '（已隐藏）';
  if (typeof value === 'boolean') return yesNo(value);
  if (key === 'rateBp' && typeof value === 'number') return formatBasisPoints(value);
  if (/Fen$/.test(key) && typeof value === 'number') return formatYuan(value);
  if (typeof value === 'number') return key === 'year' || key === 'size' ? String(value) : formatInteger(value);
  const s = String(value);
  if (key === 'at' && /^\d{4}-\d{2}-\d{2}T/.test(s)) return formatDateTime(s);
  if (enumFields[key]) return label(enumFields[key], s);
  return s;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** How personal fields are shown and revealed: the masked paths, what was revealed, the reveal call. */
interface Personal {
  masked: Map<string, MaskedField>;
  revealed: Record<string, unknown>;
  onReveal?: (field: string, reason: string) => Promise<unknown>;
  setRevealed: (field: string, value: unknown) => void;
}

/** A masked value, its 查看 button (for officials) and the reason prompt a reveal needs. */
function PersonalLeaf({ path, value, personal }: { path: string; value: unknown; personal: Personal }) {
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const field = personal.masked.get(path)!;
  const revealed = Object.prototype.hasOwnProperty.call(personal.revealed, path);
  if (revealed) {
    return (
      <span data-testid={`revealed-${path}`}>
        {formatLeaf(path, personal.revealed[path])} <span className="muted">（已查看，已记录）</span>
      </span>
    );
  }
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (reason.trim().length < 4) {
      setError('请说明查看原因（至少 4 个字）');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      personal.setRevealed(path, await personal.onReveal!(path, reason.trim()));
    } catch (err) {
      setError(err instanceof Error ? err.message : '查看失败');
    } finally {
      setBusy(false);
    }
  }
  const kind = personalDataKindLabels[field.kind] ?? field.kind;
  return (
    <span className="personal-field">
      <span>{formatLeaf(path, value)}</span>{' '}
      {personal.onReveal && !asking ? (
        <button type="button" className="button button--ghost button--small" data-testid={`reveal-${path}`} onClick={() => setAsking(true)}>
          查看{kind}
        </button>
      ) : null}
      {asking ? (
        <form className="reveal-form" onSubmit={(e) => void submit(e)} data-testid={`reveal-form-${path}`}>
          <label>
            查看原因（将记录并供审计查阅）
            <input value={reason} onChange={(e) => setReason(e.target.value)} data-testid={`reveal-reason-${path}`} maxLength={500} autoFocus />
          </label>
          <button type="submit" className="button button--small" disabled={busy} data-testid={`reveal-confirm-${path}`}>
            确认查看
          </button>
          <button type="button" className="button button--ghost button--small" onClick={() => setAsking(false)}>
            取消
          </button>
          {error ? (
            <span className="field-error" role="alert" data-testid={`reveal-error-${path}`}>
              {error}
            </span>
          ) : null}
        </form>
      ) : null}
    </span>
  );
}

function Leaf({ path, value, personal }: { path: string; value: unknown; personal: Personal }) {
  if (personal.masked.has(path)) return <PersonalLeaf path={path} value={value} personal={personal} />;
  return <>{formatLeaf(path, value)}</>;
}

// Show fields in the order the forms ask for them, whatever order the JSON came in.
const FIELD_ORDER = new Map(Object.keys(dataFieldLabels).map((k, i) => [k, i]));

function ordered(data: Record<string, unknown>, prefix: string): [string, unknown][] {
  const rank = (key: string) => {
    const bare = (prefix ? `${prefix}.${key}` : key).replace(/\.\d+(?=\.|$)/g, '');
    return FIELD_ORDER.get(bare) ?? Number.MAX_SAFE_INTEGER;
  };
  return Object.entries(data).sort(([a], [b]) => rank(a) - rank(b));
}

function Rows({ data, prefix, personal }: { data: Record<string, unknown>; prefix: string; personal: Personal }) {
  return (
    <>
      {ordered(data, prefix).map(([key, value]) => {
        const path = prefix ? `${prefix}.${key}` : key;
        if (Array.isArray(value) && value.every(isPlainObject)) {
          const cols = Array.from(new Set(value.flatMap((v) => Object.keys(v as object))));
          return (
            <div key={path} className="dl__row dl__row--wide">
              <dt>{labelFor(path)}</dt>
              <dd>
                <div className="table-wrap">
                  <table className="table table--compact">
                    <thead>
                      <tr>
                        {cols.map((c) => (
                          <th key={c} scope="col">
                            {labelFor(`${path}.${c}`)}
                          </th>
                        ))}
                      </tr>
                    </thead>
                    <tbody>
                      {value.map((row, i) => (
                        <tr key={i}>
                          {cols.map((c) => (
                            <td key={c} data-testid={`data-${path}.${i}.${c}`}>
                              <Leaf path={`${path}.${i}.${c}`} value={(row as Record<string, unknown>)[c]} personal={personal} />
                            </td>
                          ))}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </dd>
            </div>
          );
        }
        if (isPlainObject(value)) {
          return (
            <div key={path} className="dl__row dl__row--wide">
              <dt>{labelFor(path)}</dt>
              <dd>
                <dl className="dl dl--nested">
                  <Rows data={value} prefix={path} personal={personal} />
                </dl>
              </dd>
            </div>
          );
        }
        return (
          <div key={path} className="dl__row">
            <dt>{labelFor(path)}</dt>
            <dd data-testid={`data-${path}`}>
              {Array.isArray(value) ? value.map((v) => formatLeaf(path, v)).join('、') : <Leaf path={path} value={value} personal={personal} />}
            </dd>
          </div>
        );
      })}
    </>
  );
}

/**
 * A case's `data` with Chinese labels. Personal fields arrive masked from the gateway; an official
 * given `onReveal` may reveal one at a time, with a reason (logged for the auditor). Revealed values
 * live only in this component's state.
 */
export function DataView({
  data,
  personalFields = [],
  onReveal,
}: {
  data: Record<string, unknown>;
  personalFields?: MaskedField[];
  onReveal?: (field: string, reason: string) => Promise<unknown>;
}) {
  const [revealed, setRevealedState] = useState<Record<string, unknown>>({});
  if (Object.keys(data).length === 0) return <p className="muted">无申报数据。</p>;
  const personal: Personal = {
    masked: new Map(personalFields.map((f) => [f.path, f])),
    revealed,
    onReveal,
    setRevealed: (field, value) => setRevealedState((r) => ({ ...r, [field]: value })),
  };
  return (
    <div className="data-view">
      {personalFields.length > 0 ? (
        <p className="muted" data-testid="personal-data-note">
          身份证号、收入、病情等个人信息已脱敏显示{onReveal ? '；确需查看请点击“查看”并说明原因，每次查看都会记录并供审计查阅' : ''}。
        </p>
      ) : null}
      <dl className="dl">
        <Rows data={data} prefix="" personal={personal} />
      </dl>
    </div>
  );
}
