import type { ReactNode } from 'react';
import type { Relation, ServiceCode } from '../../../api/types';
import {
  CheckboxField,
  SelectField,
  TextAreaField,
  TextField,
} from '../../components/form-controls';
import { HouseholdPicker, type PickedHousehold } from '../../components/household-picker';
import {
  type Draft,
  type FieldDef,
  type FieldErrors,
  memberRelationOptions,
  serviceFields,
} from './declare-model';

/** One field of a declare or review form, chosen by its kind. */
export function DefField({
  def,
  value,
  error,
  onChange,
  idPrefix,
}: {
  def: FieldDef;
  value: string | boolean | undefined;
  error?: string;
  onChange: (v: string | boolean) => void;
  idPrefix?: string;
}) {
  const common = { name: def.path, label: def.label, error, hint: def.hint, required: def.required, idPrefix };
  const s = typeof value === 'string' ? value : '';
  switch (def.kind) {
    case 'checkbox':
      return <CheckboxField {...common} checked={value === true} onChange={onChange} />;
    case 'select':
      return <SelectField {...common} value={s} onChange={onChange} options={def.options ?? []} placeholder="请选择" />;
    case 'triState':
      return <SelectField {...common} value={s} onChange={onChange} options={def.options ?? []} placeholder="未填写" />;
    case 'date':
      return <TextField {...common} value={s} onChange={onChange} type="date" placeholder="2019-05-03" />;
    case 'money':
      return <TextField {...common} value={s} onChange={onChange} inputMode="decimal" placeholder="如 12345.60" />;
    case 'textarea':
      return <TextAreaField {...common} value={s} onChange={onChange} maxLength={500} />;
    case 'idNumber':
      return (
        <TextField {...common} value={s} onChange={onChange} maxLength={18} autoComplete="off" placeholder="18 位身份证号" />
      );
    case 'integer':
    case 'year':
    case 'percentBp':
      return <TextField {...common} value={s} onChange={onChange} inputMode={def.kind === 'percentBp' ? 'decimal' : 'numeric'} />;
    case 'phone':
      return <TextField {...common} value={s} onChange={onChange} type="tel" inputMode="tel" autoComplete="tel" />;
    default:
      return <TextField {...common} value={s} onChange={onChange} autoComplete={def.autoComplete} />;
  }
}

/** Fields grouped under fieldsets where a def names a group; the rest in order. */
export function DefFields({
  defs,
  values,
  errors,
  onChange,
  idPrefix,
  renderSpecial,
}: {
  defs: FieldDef[];
  values: Record<string, string | boolean>;
  errors: FieldErrors;
  onChange: (path: string, v: string | boolean) => void;
  idPrefix?: string;
  renderSpecial?: (def: FieldDef) => ReactNode;
}) {
  const out: ReactNode[] = [];
  const seenGroups = new Set<string>();
  for (const def of defs) {
    if (def.group) {
      if (seenGroups.has(def.group)) continue;
      seenGroups.add(def.group);
      const members = defs.filter((d) => d.group === def.group);
      out.push(
        <fieldset key={`g-${def.group}`} className="fieldset">
          <legend>{def.group}</legend>
          {members.map((d) => (
            <DefField key={d.path} def={d} value={values[d.path]} error={errors[d.path]} onChange={(v) => onChange(d.path, v)} idPrefix={idPrefix} />
          ))}
        </fieldset>,
      );
      continue;
    }
    const special = renderSpecial?.(def);
    if (special !== undefined && special !== null) {
      out.push(<div key={def.path}>{special}</div>);
      continue;
    }
    out.push(
      <DefField key={def.path} def={def} value={values[def.path]} error={errors[def.path]} onChange={(v) => onChange(def.path, v)} idPrefix={idPrefix} />,
    );
  }
  return out;
}

function MembersEditor({
  draft,
  errors,
  onChange,
}: {
  draft: Draft;
  errors: FieldErrors;
  onChange: (d: Draft) => void;
}) {
  const setMember = (i: number, patch: Partial<Draft['members'][number]>) =>
    onChange({ ...draft, members: draft.members.map((m, j) => (j === i ? { ...m, ...patch } : m)) });
  return (
    <fieldset className="fieldset members" data-testid="members">
      <legend>家庭成员（不含户主，共 {draft.members.length + 1} 人）</legend>
      {draft.members.length === 0 ? <p className="muted">户主一人户。如有其他成员请添加。</p> : null}
      {draft.members.map((m, i) => {
        const n = i + 1;
        return (
          <div key={i} className="member-row" data-testid="member-row">
            <p className="member-row__title">第 {n} 位家庭成员</p>
            <TextField
              name={`members.${n}.name`}
              label={`第 ${n} 位成员姓名`}
              required
              value={m.name}
              error={errors[`members.${n}.name`]}
              onChange={(v) => setMember(i, { name: v })}
              autoComplete="off"
            />
            <TextField
              name={`members.${n}.idNumber`}
              label={`第 ${n} 位成员身份证号`}
              required
              value={m.idNumber}
              maxLength={18}
              error={errors[`members.${n}.idNumber`]}
              onChange={(v) => setMember(i, { idNumber: v })}
              autoComplete="off"
            />
            <SelectField
              name={`members.${n}.relation`}
              label={`第 ${n} 位成员与户主关系`}
              required
              value={m.relation}
              placeholder="请选择"
              options={memberRelationOptions.map((r) => ({ value: r, label: r }))}
              error={errors[`members.${n}.relation`]}
              onChange={(v) => setMember(i, { relation: v as Relation })}
            />
            <button
              type="button"
              className="button button--ghost button--small"
              onClick={() => onChange({ ...draft, members: draft.members.filter((_, j) => j !== i) })}
              data-testid="member-remove"
            >
              删除第 {n} 位成员
            </button>
          </div>
        );
      })}
      <button
        type="button"
        className="button button--secondary button--small"
        onClick={() => onChange({ ...draft, members: [...draft.members, { name: '', idNumber: '', relation: '' }] })}
        data-testid="member-add"
      >
        添加家庭成员
      </button>
    </fieldset>
  );
}

/** The data fields of one service's case, shared by the declare page and the edit action. */
export function ServiceDataFields({
  service,
  draft,
  errors,
  onChange,
  householdLocked,
  village,
}: {
  service: ServiceCode;
  draft: Draft;
  errors: FieldErrors;
  onChange: (d: Draft) => void;
  /** When editing an existing case the household cannot change. */
  householdLocked?: boolean;
  village?: string;
}) {
  const defs = serviceFields[service];
  const setValue = (path: string, v: string | boolean) => onChange({ ...draft, values: { ...draft.values, [path]: v } });
  const pick = (h: PickedHousehold | null) =>
    onChange({ ...draft, household: h, values: { ...draft.values, householdId: h?.id ?? '' } });

  const headFields = service === 'identification' ? defs.slice(0, 3) : defs;
  const restFields = service === 'identification' ? defs.slice(3) : [];

  const renderSpecial = (def: FieldDef) => {
    if (def.kind !== 'household') return null;
    if (householdLocked) {
      return (
        <p className="field">
          <span className="field-label">农户编号</span> {String(draft.values['householdId'] ?? '—')}
        </p>
      );
    }
    return (
      <HouseholdPicker
        value={draft.household ?? null}
        onChange={pick}
        error={errors['householdId']}
        hint={def.hint}
        village={village}
      />
    );
  };

  return (
    <>
      <DefFields defs={headFields} values={draft.values} errors={errors} onChange={setValue} renderSpecial={renderSpecial} />
      {service === 'identification' ? (
        <>
          <MembersEditor draft={draft} errors={errors} onChange={onChange} />
          <DefFields defs={restFields} values={draft.values} errors={errors} onChange={setValue} />
        </>
      ) : null}
    </>
  );
}
