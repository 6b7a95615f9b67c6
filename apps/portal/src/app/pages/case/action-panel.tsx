import { type FormEvent, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../../api/client';
import { api } from '../../../api/endpoints';
import { clearDraft, loadDraft, saveDraft } from '../../../api/session';
import type { ActionRequest, AllowedAction, CaseDetail } from '../../../api/types';
import { RadioGroup, SelectField, TextAreaField, ErrorSummary } from '../../components/form-controls';
import { Banner } from '../../components/status';
import {
  acceptanceCheckLabels,
  actionLabel,
  label,
  objectionOutcomeLabels,
  objectionThenLabels,
  returnToLabels,
} from '../../i18n/zh';
import {
  dataToDraft,
  draftToData,
  type Draft,
  type FieldDef,
  type FieldErrors,
  fieldsToData,
  normalizeFieldPath,
  reviewFields,
  validateDraft,
  validateFields,
} from '../declare/declare-model';
import { DefFields, ServiceDataFields } from '../declare/declare-fields';

const opts = (m: Record<string, string>) => Object.entries(m).map(([value, l]) => ({ value, label: l }));

/** The required acceptance checks as `{check, label}`, whichever form the gateway sent. */
export function acceptanceItems(c: Pick<CaseDetail, 'acceptance'>): { check: string; label: string }[] {
  return (c.acceptance?.required ?? []).map((r) =>
    typeof r === 'string' ? { check: r, label: label(acceptanceCheckLabels, r) } : { check: r.check, label: r.label || label(acceptanceCheckLabels, r.check) },
  );
}

/** Review fields offered with 同意 at the county level (housing grade, medical rate). */
export function reviewFieldsFor(c: CaseDetail, a: AllowedAction): FieldDef[] {
  const defs = reviewFields[c.service];
  if (!defs) return [];
  const offered = a.needs.includes('data') || (a.action === 'approve' && c.currentLevel === 'county');
  if (!offered) return [];
  // Housing cannot be approved by the county without a grade: required unless declared.
  return defs.map((d) => (d.path === 'appraisalGrade' ? { ...d, required: !c.data?.['appraisalGrade'] } : d));
}

export function actionTitle(a: AllowedAction): string {
  return a.label || actionLabel(a.action);
}

/** Whether the comment is mandatory: always for 驳回, and whenever the server says a reason is needed. */
export function reasonRequired(a: AllowedAction): boolean {
  return a.action === 'reject' || a.needs.includes('reason');
}

interface FormState {
  comment: string;
  returnTo: string;
  outcome: string;
  then: string;
  check: string;
  evidence: string;
  review: Record<string, string | boolean>;
  editDraft: Draft | null;
}

const blankForm = (): FormState => ({
  comment: '',
  returnTo: '',
  outcome: '',
  then: '',
  check: '',
  evidence: '',
  review: {},
  editDraft: null,
});

/** Validates the action form; returns errors keyed by field and, when none, the request body. */
export function buildActionRequest(
  c: CaseDetail,
  a: AllowedAction,
  f: FormState,
): { errors: FieldErrors; body?: ActionRequest } {
  const errors: FieldErrors = {};
  const title = actionTitle(a);
  const comment = f.comment.trim();
  if (reasonRequired(a) && !comment) errors['comment'] = `请填写${title}理由`;
  let data: Record<string, unknown> | undefined;

  if (a.needs.includes('returnTo')) {
    if (!f.returnTo) errors['returnTo'] = '请选择退回给申报人还是上一级';
    else data = { ...data, to: f.returnTo };
  }
  if (a.needs.includes('objectionOutcome')) {
    if (!f.outcome) errors['outcome'] = '请选择异议处理结果';
    else if (f.outcome === 'upheld' && !f.then) errors['then'] = '请选择异议成立后的处理方式';
    else data = { ...data, outcome: f.outcome, ...(f.outcome === 'upheld' ? { then: f.then } : {}) };
  }
  if (a.needs.includes('acceptanceCheck')) {
    if (!f.check) errors['check'] = '请选择验收项目';
    if (!f.evidence.trim()) errors['evidence'] = '请填写验收依据';
    if (f.check && f.evidence.trim()) data = { ...data, check: f.check, evidence: f.evidence.trim() };
  }
  if (a.action === 'edit') {
    const draft = f.editDraft ?? dataToDraft(c.service, c.data);
    Object.assign(errors, validateDraft(c.service, draft));
    if (Object.keys(errors).length === 0) data = { ...data, ...draftToData(c.service, draft) };
  } else {
    const defs = reviewFieldsFor(c, a);
    if (defs.length) {
      Object.assign(errors, validateFields(defs, f.review));
      const recorded = fieldsToData(defs, f.review);
      if (Object.keys(recorded).length) data = { ...data, ...recorded };
    }
  }
  if (Object.keys(errors).length > 0) return { errors };
  return {
    errors,
    body: {
      action: a.action,
      expectedVersion: c.version,
      ...(comment ? { comment } : {}),
      ...(data ? { data } : {}),
    },
  };
}

/**
 * The caller's possible actions on one case — exactly `allowedActions`, nothing more —
 * each with its own comment or reason field. A 409 is handed up so the page reloads.
 */
export function ActionPanel({
  caseData,
  onDone,
  onConflict,
}: {
  caseData: CaseDetail;
  onDone: (updated: CaseDetail, action: AllowedAction) => void;
  onConflict: () => void;
}) {
  // The comment survives a session expiry: the login page brings the user back here.
  const draftKey = `action.${caseData.service}.${caseData.id}`;
  const [selected, setSelected] = useState<string | null>(null);
  const [form, setForm] = useState<FormState>(() => ({ ...blankForm(), comment: loadDraft<string>(draftKey) ?? '' }));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [serverError, setServerError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const actions = caseData.allowedActions ?? [];
  const current = actions.find((a) => a.action === selected) ?? null;

  useEffect(() => {
    if (form.comment) saveDraft(draftKey, form.comment);
    else clearDraft(draftKey);
  }, [draftKey, form.comment]);

  // After a reload the chosen action may no longer be allowed.
  useEffect(() => {
    if (selected && !caseData.allowedActions.some((a) => a.action === selected)) {
      setSelected(null);
    }
  }, [caseData, selected]);

  function choose(a: AllowedAction) {
    setSelected(a.action);
    setErrors({});
    setServerError(undefined);
    const pending = acceptanceItems(caseData)
      .map((i) => i.check)
      .filter((k) => !caseData.acceptance?.checks?.[k]);
    setForm((f) => ({
      ...blankForm(),
      comment: f.comment,
      check: pending[0] ?? '',
      editDraft: a.action === 'edit' ? dataToDraft(caseData.service, caseData.data) : null,
    }));
    requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('textarea, input, select')?.focus());
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!current || busy) return;
    setServerError(undefined);
    const { errors: found, body } = buildActionRequest(caseData, current, form);
    setErrors(found);
    if (!body) return;
    setBusy(true);
    try {
      const updated = await api.act(caseData.service, caseData.id, body);
      setSelected(null);
      setForm(blankForm());
      onDone(updated, current);
    } catch (err) {
      if (!(err instanceof ApiError)) {
        setServerError('办理失败，请重试');
      } else if (err.statusCode === 401) {
        // the session handler takes the user to the login page
      } else if (err.isStaleVersion) {
        onConflict();
      } else if (err.statusCode === 400 && err.field) {
        setErrors({ [normalizeFieldPath(err.field)]: err.message });
      } else {
        setServerError(err.message);
      }
    } finally {
      setBusy(false);
    }
  }

  if (actions.length === 0) {
    return (
      <p className="muted" data-testid="no-actions">
        当前没有需要您办理的操作。
      </p>
    );
  }

  const checkOptions = acceptanceItems(caseData).map((i) => ({
    value: i.check,
    label: i.label + (caseData.acceptance?.checks?.[i.check] ? '（已登记，重新登记）' : ''),
  }));
  const review = current ? reviewFieldsFor(caseData, current) : [];
  const set = (patch: Partial<FormState>) => setForm((f) => ({ ...f, ...patch }));

  return (
    <div className="action-panel">
      <div className="action-buttons" role="group" aria-label="可办理的操作">
        {actions.map((a) => (
          <button
            key={a.action}
            type="button"
            className={
              'button' +
              (a.action === 'reject' || a.action === 'withdraw' ? ' button--danger' : '') +
              (a.action === 'return' || a.action === 'edit' ? ' button--secondary' : '') +
              (selected === a.action ? ' is-active' : '')
            }
            aria-expanded={selected === a.action}
            aria-controls="action-form"
            data-testid={`action-${a.action}`}
            onClick={() => choose(a)}
          >
            {actionTitle(a)}
          </button>
        ))}
      </div>

      {current ? (
        <form id="action-form" ref={formRef} className="form action-form" noValidate onSubmit={submit} data-testid="action-form">
          <h3>办理：{actionTitle(current)}</h3>
          <ErrorSummary errors={errors} />
          {serverError ? (
            <Banner kind="error" testId="action-error">
              {serverError}
            </Banner>
          ) : null}

          {current.needs.includes('returnTo') ? (
            <RadioGroup
              name="returnTo"
              label="退回给"
              required
              value={form.returnTo}
              onChange={(v) => set({ returnTo: v })}
              options={opts(returnToLabels)}
              error={errors['returnTo']}
              testId="action-return-to"
            />
          ) : null}

          {current.needs.includes('objectionOutcome') ? (
            <>
              <RadioGroup
                name="outcome"
                label="异议处理结果"
                required
                value={form.outcome}
                onChange={(v) => set({ outcome: v, then: v === 'upheld' ? form.then : '' })}
                options={opts(objectionOutcomeLabels)}
                error={errors['outcome']}
                testId="action-outcome"
              />
              {form.outcome === 'upheld' ? (
                <RadioGroup
                  name="then"
                  label="异议成立后"
                  required
                  value={form.then}
                  onChange={(v) => set({ then: v })}
                  options={opts(objectionThenLabels)}
                  error={errors['then']}
                  testId="action-then"
                />
              ) : null}
            </>
          ) : null}

          {current.needs.includes('acceptanceCheck') ? (
            <>
              <SelectField
                name="check"
                label="验收项目"
                required
                value={form.check}
                onChange={(v) => set({ check: v })}
                options={checkOptions}
                placeholder="请选择"
                error={errors['check']}
                testId="action-check"
              />
              <TextAreaField
                name="evidence"
                label="验收依据"
                hint="如现场照片编号、拨付凭证号、签字表编号"
                required
                value={form.evidence}
                onChange={(v) => set({ evidence: v })}
                error={errors['evidence']}
                testId="action-evidence"
                maxLength={1000}
              />
            </>
          ) : null}

          {current.action === 'edit' && form.editDraft ? (
            <fieldset className="fieldset">
              <legend>修改申报信息</legend>
              <ServiceDataFields
                service={caseData.service}
                draft={form.editDraft}
                errors={errors}
                onChange={(d) => set({ editDraft: d })}
                householdLocked
              />
            </fieldset>
          ) : null}

          {review.length > 0 ? (
            <DefFields
              defs={review}
              values={form.review}
              errors={errors}
              onChange={(path, v) => set({ review: { ...form.review, [path]: v } })}
            />
          ) : null}

          <TextAreaField
            name="comment"
            label={reasonRequired(current) ? `${actionTitle(current)}理由` : '办理意见（选填）'}
            hint={current.action === 'reject' ? '驳回理由将告知申请农户' : undefined}
            required={reasonRequired(current)}
            value={form.comment}
            onChange={(v) => set({ comment: v })}
            error={errors['comment']}
            testId="action-comment"
            maxLength={1000}
          />

          <div className="form-actions">
            <button type="submit" className="button" disabled={busy} data-testid="action-confirm">
              {busy ? '正在提交…' : `确认${actionTitle(current)}`}
            </button>
            <button type="button" className="button button--ghost" onClick={() => setSelected(null)} data-testid="action-cancel">
              取消
            </button>
          </div>
        </form>
      ) : null}
    </div>
  );
}
