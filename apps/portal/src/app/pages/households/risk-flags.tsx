import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../../api/endpoints';
import type { RiskFlag } from '../../../api/types';
import { formatDateTime } from '../../../lib/format';
import { label, serviceLabels } from '../../i18n/zh';

export const measureKindLabels: Record<string, string> = {
  medicalAssistance: '医疗救助/大病保障',
  housingRenovation: '危房改造',
  educationAid: '教育资助',
  employment: '就业帮扶',
  industry: '产业帮扶',
  subsistence: '纳入低保/临时救助',
  other: '其他措施',
};

/** Closing a follow-up task: the measure taken is required. */
function CloseTaskForm({ flag, onClosed }: { flag: RiskFlag; onClosed: (f: RiskFlag) => void }) {
  const [kind, setKind] = useState('');
  const [measure, setMeasure] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!kind) return setError('请选择帮扶措施类别');
    if (measure.trim().length < 4) return setError('请填写已落实的帮扶措施（至少 4 个字）');
    setBusy(true);
    setError(null);
    try {
      onClosed(await api.closeTask(flag.task.id, { measureKind: kind, measure: measure.trim() }));
    } catch (err) {
      setError(err instanceof Error ? err.message : '提交失败');
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="form form--inline" onSubmit={(e) => void submit(e)} data-testid="close-task-form">
      <label>
        措施类别
        <select value={kind} onChange={(e) => setKind(e.target.value)} data-testid="close-task-kind">
          <option value="">请选择</option>
          {Object.entries(measureKindLabels).map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
        </select>
      </label>
      <label>
        已落实的措施
        <input value={measure} onChange={(e) => setMeasure(e.target.value)} maxLength={1000} data-testid="close-task-measure" />
      </label>
      <button type="submit" className="button button--small" disabled={busy} data-testid="close-task-submit">
        记录措施并办结
      </button>
      {error ? (
        <span className="field-error" role="alert" data-testid="close-task-error">
          {error}
        </span>
      ) : null}
    </form>
  );
}

/** 防返贫监测 on the household: each flag, its follow-up task and the measure that closed it, oldest first. */
export function RiskFlags({ flags: initial, canClose }: { flags: RiskFlag[]; canClose: boolean }) {
  const [flags, setFlags] = useState(initial);
  return (
    <section className="panel" aria-labelledby="hh-monitoring">
      <h2 id="hh-monitoring">防返贫监测</h2>
      {flags.length === 0 ? (
        <p className="muted" data-testid="risk-flags-empty">
          暂无返贫风险预警。
        </p>
      ) : (
        <ol className="timeline" data-testid="risk-flags">
          {flags.map((f) => (
            <li key={f.id} className="timeline__item" data-testid="risk-flag" data-status={f.status}>
              <div className="timeline__head">
                <strong className="timeline__action">
                  <span className={f.status === 'open' ? 'badge badge--fail' : 'badge badge--ok'}>{f.status === 'open' ? '预警中' : '已办结'}</span> {f.label}
                </strong>
                <time dateTime={f.raisedAt} className="timeline__time">
                  {formatDateTime(f.raisedAt)}
                </time>
              </div>
              <p>
                {f.reason}
                <span className="muted">
                  {' '}
                  · 来源：{label(serviceLabels, f.sourceService)}
                  {f.sourceCaseId ? (
                    <>
                      {' '}
                      <Link to={`/cases/${f.sourceService}/${encodeURIComponent(f.sourceCaseId)}`}>查看案件</Link>
                    </>
                  ) : null}
                </span>
              </p>
              {f.task.status === 'open' ? (
                <p data-testid="risk-task-open">
                  帮扶措施待落实，期限 {formatDateTime(f.task.dueAt)}
                  {f.task.overdue ? <span className="badge badge--fail"> 已超期</span> : null}
                </p>
              ) : (
                <p data-testid="risk-task-closed">
                  {formatDateTime(f.task.closedAt ?? '')} {f.task.closedByName ?? ''} 落实措施：{label(measureKindLabels, f.task.measureKind)} — {f.task.measure}
                </p>
              )}
              {canClose && f.task.status === 'open' ? <CloseTaskForm flag={f} onClosed={(closed) => setFlags((all) => all.map((x) => (x.id === closed.id ? closed : x)))} /> : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
