import { type FormEvent, useEffect, useState } from 'react';
import { ApiError } from '../../../api/client';
import { api } from '../../../api/endpoints';
import { fieldId, TextAreaField, TextField } from '../../components/form-controls';
import { Banner } from '../../components/status';

export const OBJECTION_FILED = '异议已提交';

/** Anyone may object to a notice during its period; no login, contact optional. */
export function ObjectionForm({ caseId, onCancel }: { caseId: string; onCancel: () => void }) {
  const [reason, setReason] = useState('');
  const [contact, setContact] = useState('');
  const [error, setError] = useState<string>();
  const [serverError, setServerError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const prefix = `obj-${caseId}`;

  // The button that opened the form is gone; put the focus where typing starts.
  useEffect(() => {
    document.getElementById(fieldId('reason', prefix))?.focus();
  }, [prefix]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setServerError(undefined);
    if (!reason.trim()) {
      setError('请填写异议理由');
      return;
    }
    setError(undefined);
    setBusy(true);
    try {
      await api.fileObjection(caseId, { reason: reason.trim(), ...(contact.trim() ? { contact: contact.trim() } : {}) });
      setDone(true);
    } catch (err) {
      if (err instanceof ApiError && err.statusCode === 400 && err.field === 'reason') setError(err.message);
      else setServerError(err instanceof ApiError ? err.message : '提交失败，请重试');
    } finally {
      setBusy(false);
    }
  }

  if (done) {
    return (
      <Banner kind="success" testId="objection-success">
        <strong>{OBJECTION_FILED}</strong>。负责的乡镇或县直部门将核实处理，公示期间该事项暂停办理。
      </Banner>
    );
  }

  return (
    <form className="form objection-form" noValidate onSubmit={submit} data-testid="objection-form" aria-label="提出异议">
      {serverError ? (
        <Banner kind="error" testId="objection-error">
          {serverError}
        </Banner>
      ) : null}
      <TextAreaField
        name="reason"
        idPrefix={prefix}
        label="异议理由"
        required
        hint="请写明不符合条件的具体情况，便于核实"
        value={reason}
        onChange={setReason}
        error={error}
        testId="objection-reason"
        maxLength={1000}
      />
      <TextField
        name="contact"
        idPrefix={prefix}
        label="联系方式（选填）"
        hint="仅供核实人员联系您，不会公开"
        value={contact}
        onChange={setContact}
        type="tel"
        autoComplete="tel"
        testId="objection-contact"
        maxLength={50}
      />
      <div className="form-actions">
        <button type="submit" className="button" disabled={busy} data-testid="objection-submit">
          {busy ? '正在提交…' : '提交异议'}
        </button>
        <button type="button" className="button button--ghost" onClick={onCancel}>
          取消
        </button>
      </div>
    </form>
  );
}
