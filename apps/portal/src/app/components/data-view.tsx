import { useState } from 'react';
import { formatBasisPoints, formatDateTime, formatInteger, formatYuan, maskIdNumber, maskPhone } from '../../lib/format';
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
  povertyCauseLabels,
  sensitiveFieldKeys,
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

function formatLeaf(path: string, value: unknown, reveal: boolean): string {
  const key = leafKey(path);
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return yesNo(value);
  if (key === 'rateBp' && typeof value === 'number') return formatBasisPoints(value);
  if (/Fen$/.test(key) && typeof value === 'number') return formatYuan(value);
  if (typeof value === 'number') return key === 'year' || key === 'size' ? String(value) : formatInteger(value);
  const s = String(value);
  if (key === 'at' && /^\d{4}-\d{2}-\d{2}T/.test(s)) return formatDateTime(s);
  if (!reveal && sensitiveFieldKeys.has(key)) return key === 'phone' ? maskPhone(s) : maskIdNumber(s);
  if (enumFields[key]) return label(enumFields[key], s);
  return s;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

function hasSensitive(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasSensitive);
  if (isPlainObject(value))
    return Object.entries(value).some(([k, v]) => (sensitiveFieldKeys.has(k) && !!v) || hasSensitive(v));
  return false;
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

function Rows({ data, prefix, reveal }: { data: Record<string, unknown>; prefix: string; reveal: boolean }) {
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
                            <td key={c}>{formatLeaf(`${path}.${c}`, (row as Record<string, unknown>)[c], reveal)}</td>
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
                  <Rows data={value} prefix={path} reveal={reveal} />
                </dl>
              </dd>
            </div>
          );
        }
        return (
          <div key={path} className="dl__row">
            <dt>{labelFor(path)}</dt>
            <dd data-testid={`data-${path}`}>
              {Array.isArray(value) ? value.map((v) => formatLeaf(path, v, reveal)).join('、') : formatLeaf(path, value, reveal)}
            </dd>
          </div>
        );
      })}
    </>
  );
}

/** A case's `data` with Chinese labels; ID and phone numbers stay masked until revealed. */
export function DataView({ data }: { data: Record<string, unknown> }) {
  const [reveal, setReveal] = useState(false);
  const sensitive = hasSensitive(data);
  if (Object.keys(data).length === 0) return <p className="muted">无申报数据。</p>;
  return (
    <div className="data-view">
      {sensitive ? (
        <button
          type="button"
          className="button button--ghost button--small"
          aria-pressed={reveal}
          onClick={() => setReveal((r) => !r)}
          data-testid="reveal-sensitive"
        >
          {reveal ? '隐藏证件号和电话' : '显示完整证件号和电话'}
        </button>
      ) : null}
      <dl className="dl">
        <Rows data={data} prefix="" reveal={reveal} />
      </dl>
    </div>
  );
}
