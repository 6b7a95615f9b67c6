import { useState } from 'react';
import { formatBasisPoints, formatInteger, maskIdNumber, maskPhone } from '../../lib/format';
import {
  attributeLabels,
  dataFieldLabels,
  educationStageLabels,
  housingGradeLabels,
  label,
  sensitiveFieldKeys,
  yesNo,
} from '../i18n/zh';

const enumFields: Record<string, Record<string, string>> = {
  attribute: attributeLabels,
  stage: educationStageLabels,
  housingGrade: housingGradeLabels,
  appraisalGrade: housingGradeLabels,
};

function labelFor(path: string): string {
  const bare = path.replace(/\.\d+(?=\.|$)/g, '');
  return dataFieldLabels[bare] ?? bare.split('.').pop() ?? path;
}

function leafKey(path: string): string {
  return path.split('.').pop() ?? path;
}

function formatLeaf(path: string, value: unknown, reveal: boolean): string {
  const key = leafKey(path);
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return yesNo(value);
  if (key === 'rateBp' && typeof value === 'number') return formatBasisPoints(value);
  if (typeof value === 'number') return key === 'year' ? String(value) : formatInteger(value);
  const s = String(value);
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

function Rows({ data, prefix, reveal }: { data: Record<string, unknown>; prefix: string; reveal: boolean }) {
  return (
    <>
      {Object.entries(data).map(([key, value]) => {
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
          {reveal ? '隐藏证件号码' : '显示完整证件号码'}
        </button>
      ) : null}
      <dl className="dl">
        <Rows data={data} prefix="" reveal={reveal} />
      </dl>
    </div>
  );
}
