import { type FormEvent, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../../../api/client';
import { api } from '../../../api/endpoints';
import type { CaseDetail, Dossier, HistoryEntry, Verdict } from '../../../api/types';
import { formatDate, formatDateTime, formatYuan } from '../../../lib/format';
import { CaseTimeline } from '../../components/case-timeline';
import { DataView } from '../../components/data-view';
import { RadioGroup, TextAreaField, ErrorSummary } from '../../components/form-controls';
import { Banner, EmptyState, ErrorNotice, Loading, StageBadge } from '../../components/status';
import { useAsync } from '../../hooks/use-async';
import { actionLabel, label, serviceLabel, stateLabel, verdictLabels } from '../../i18n/zh';
import { HouseholdFacts } from '../households/household-page';
import { rateEntries } from './evaluation-labels';

function Unavailable({ what }: { what: string }) {
  return (
    <EmptyState title={`${what}暂不可用`} testId="evaluation-unavailable">
      <p>第三方评估接口尚未开放，或本评估任务中没有该数据。请稍后再试，或联系县扶贫办。</p>
    </EmptyState>
  );
}

export function EvaluationPage() {
  const { data, error, loading, reload } = useAsync((signal) => api.engagements({ signal }), []);
  return (
    <section aria-labelledby="eval-title">
      <h1 id="eval-title">第三方评估</h1>
      <p className="lead">评估任务只能查看本任务抽样农户的核验记录并录入评估结论。</p>
      {error?.isNotFound ? <Unavailable what="评估任务" /> : error ? <ErrorNotice error={error} onRetry={() => void reload()} /> : null}
      {!data && loading ? <Loading /> : null}
      {data ? (
        data.items.length === 0 ? (
          <EmptyState title="暂无评估任务" testId="evaluation-empty" />
        ) : (
          <ul className="card-grid">
            {data.items.map((e) => (
              <li key={e.id} className="card" data-testid="engagement-card">
                <h2 className="card__title">
                  <Link to={`/evaluation/${encodeURIComponent(e.id)}`}>
                    {e.organisation} · {e.year} 年
                  </Link>
                </h2>
                <dl className="dl dl--compact">
                  <div className="dl__row">
                    <dt>评估期</dt>
                    <dd>
                      {formatDate(e.windowStart)} 至 {formatDate(e.windowEnd)}
                    </dd>
                  </div>
                  <div className="dl__row">
                    <dt>乡镇</dt>
                    <dd>{(e.townships ?? []).join('、') || '—'}</dd>
                  </div>
                  <div className="dl__row">
                    <dt>样本户数</dt>
                    <dd>{e.sampleSize}</dd>
                  </div>
                </dl>
              </li>
            ))}
          </ul>
        )
      ) : null}
    </section>
  );
}

export function EngagementPage() {
  const { engagementId = '' } = useParams();
  const sample = useAsync((signal) => api.sample(engagementId, { signal }), [engagementId]);
  const rates = useAsync((signal) => api.rates(engagementId, { signal }), [engagementId]);
  const entries = rates.data ? rateEntries(rates.data) : [];
  return (
    <section aria-labelledby="engagement-title">
      <p className="breadcrumb">
        <Link to="/evaluation">第三方评估</Link> / 评估任务 {engagementId}
      </p>
      <h1 id="engagement-title">评估任务 {engagementId}</h1>

      <section className="panel" aria-labelledby="rates-title">
        <h2 id="rates-title">三率一度</h2>
        {rates.error?.isNotFound ? (
          <p className="muted" data-testid="rates-unavailable">
            三率一度统计暂不可用。
          </p>
        ) : rates.error ? (
          <ErrorNotice error={rates.error} onRetry={() => void rates.reload()} />
        ) : rates.loading && !rates.data ? (
          <Loading />
        ) : entries.length === 0 ? (
          <p className="muted">暂无统计。</p>
        ) : (
          <dl className="dl dl--grid stats" data-testid="rates">
            {entries.map((r) => (
              <div className="dl__row" key={r.key}>
                <dt>{r.label}</dt>
                <dd className="stat">{r.value}</dd>
              </div>
            ))}
          </dl>
        )}
      </section>

      <section className="panel" aria-labelledby="sample-title">
        <h2 id="sample-title">抽样农户</h2>
        {sample.error?.isNotFound ? <Unavailable what="抽样名单" /> : sample.error ? <ErrorNotice error={sample.error} onRetry={() => void sample.reload()} /> : null}
        {!sample.data && sample.loading ? <Loading /> : null}
        {sample.data ? (
          sample.data.items.length === 0 ? (
            <EmptyState title="样本尚未抽取" />
          ) : (
            <div className="table-wrap">
              <table className="table table--cards" data-testid="sample-table">
                <thead>
                  <tr>
                    <th scope="col">户主</th>
                    <th scope="col">乡镇 / 村</th>
                    <th scope="col">评估结论</th>
                  </tr>
                </thead>
                <tbody>
                  {sample.data.items.map((s) => (
                    <tr key={s.householdId} data-testid="sample-row">
                      <td data-label="户主">
                        <Link to={`/evaluation/${encodeURIComponent(engagementId)}/households/${encodeURIComponent(s.householdId)}`}>
                          {s.headName}
                        </Link>
                      </td>
                      <td data-label="乡镇 / 村">
                        {s.townshipName} {s.villageName}
                      </td>
                      <td data-label="评估结论">
                        {s.finding?.verdict ? (
                          <>
                            {label(verdictLabels, s.finding.verdict)}
                            {s.finding.satisfied === false ? <span className="muted">（群众不认可）</span> : null}
                          </>
                        ) : (
                          <span className="muted">未评估</span>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        ) : null}
      </section>
    </section>
  );
}

function isCaseDetail(x: unknown): x is CaseDetail {
  return !!x && typeof x === 'object' && 'history' in x && 'data' in x;
}

function DossierView({ d }: { d: Dossier }) {
  const exit = d.exitCase;
  const history = (d.history ?? []) as (HistoryEntry & { service?: string; caseId?: string })[];
  const household = d.household;
  return (
    <>
      <section className="panel" aria-labelledby="dossier-household">
        <h2 id="dossier-household">农户</h2>
        <HouseholdFacts h={household} />
        {'members' in household && household.members?.length ? (
          <ul className="plain-list">
            {household.members.map((m, i) => (
              <li key={i}>
                {m.name}（{m.relation}）<span className="muted">{m.idNumberMasked}</span>
              </li>
            ))}
          </ul>
        ) : null}
      </section>

      <section className="panel" aria-labelledby="dossier-exit">
        <h2 id="dossier-exit">脱贫退出核验</h2>
        {exit && isCaseDetail(exit) ? (
          <>
            <p>
              <StageBadge stage={exit.stage} /> {stateLabel(exit.state)} <span className="muted">案件 {exit.id}</span>
            </p>
            <DataView data={exit.data ?? {}} />
            {exit.amounts?.length ? (
              <ul className="plain-list">
                {exit.amounts.map((a) => (
                  <li key={a.code}>
                    {a.label}：{formatYuan(a.amountFen)} <span className="muted">{a.rule}</span>
                  </li>
                ))}
              </ul>
            ) : null}
            <h3>核验记录</h3>
            <CaseTimeline history={exit.history ?? []} />
          </>
        ) : (
          <p className="muted">该户没有脱贫退出案件。</p>
        )}
      </section>

      {d.cases?.length ? (
        <section className="panel" aria-labelledby="dossier-cases">
          <h2 id="dossier-cases">其他业务</h2>
          <ul className="plain-list">
            {d.cases.map((c, i) => {
              const id = 'caseId' in c ? c.caseId : c.id;
              return (
                <li key={`${c.service}-${id}-${i}`}>
                  <span className="badge">{serviceLabel(c.service)}</span> {c.title || id} · <StageBadge stage={c.stage} /> {stateLabel(c.state)}
                </li>
              );
            })}
          </ul>
        </section>
      ) : null}

      {history.length ? (
        <section className="panel" aria-labelledby="dossier-history">
          <h2 id="dossier-history">办理记录</h2>
          <ol className="timeline">
            {history.map((h, i) => (
              <li key={i} className="timeline__item">
                <div className="timeline__head">
                  <strong>
                    {h.service ? <span className="badge">{serviceLabel(h.service)}</span> : null} {actionLabel(h.action)}
                  </strong>
                  <time dateTime={h.at} className="timeline__time">
                    {formatDateTime(h.at)}
                  </time>
                </div>
                <p className="timeline__who">
                  {h.actorName} <span className="muted">→ {stateLabel(h.toState)}</span>
                </p>
                {h.comment ? <blockquote className="timeline__comment">{h.comment}</blockquote> : null}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </>
  );
}

function FindingForm({ engagementId, householdId }: { engagementId: string; householdId: string }) {
  const [verdict, setVerdict] = useState('');
  const [satisfied, setSatisfied] = useState('');
  const [notes, setNotes] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [serverError, setServerError] = useState<string>();
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const found: Record<string, string> = {};
    if (!verdict) found['verdict'] = '请选择评估结论';
    if (!satisfied) found['satisfied'] = '请选择群众是否认可';
    if (verdict && verdict !== 'correctExit' && !notes.trim()) found['notes'] = '错退或漏评须填写核查说明';
    setErrors(found);
    setServerError(undefined);
    setSaved(false);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      await api.recordFinding(engagementId, {
        householdId,
        verdict: verdict as Verdict,
        satisfied: satisfied === 'yes',
        notes: notes.trim(),
      });
      setSaved(true);
    } catch (err) {
      if (err instanceof ApiError && err.isNotFound) setServerError('评估结论接口暂未开放，结论未保存。请稍后再试。');
      else if (err instanceof ApiError && err.field) setErrors({ [err.field]: err.message });
      else setServerError(err instanceof ApiError ? err.message : '保存失败，请重试');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form panel" noValidate onSubmit={submit} data-testid="finding-form" aria-labelledby="finding-title">
      <h2 id="finding-title">评估结论</h2>
      <ErrorSummary errors={errors} />
      {serverError ? (
        <Banner kind="error" testId="finding-error">
          {serverError}
        </Banner>
      ) : null}
      {saved ? (
        <Banner kind="success" testId="finding-saved">
          评估结论已保存。
        </Banner>
      ) : null}
      <RadioGroup
        name="verdict"
        label="评估结论"
        required
        value={verdict}
        onChange={setVerdict}
        options={Object.entries(verdictLabels).map(([value, l]) => ({ value, label: l }))}
        error={errors['verdict']}
        testId="finding-verdict"
      />
      <RadioGroup
        name="satisfied"
        label="群众是否认可帮扶和退出结果"
        required
        value={satisfied}
        onChange={setSatisfied}
        options={[
          { value: 'yes', label: '认可' },
          { value: 'no', label: '不认可' },
        ]}
        error={errors['satisfied']}
        testId="finding-satisfied"
      />
      <TextAreaField
        name="notes"
        label="核查说明"
        hint="入户核查的情况；错退或漏评须说明依据"
        value={notes}
        onChange={setNotes}
        error={errors['notes']}
        testId="finding-notes"
        rows={4}
        maxLength={2000}
      />
      <div className="form-actions">
        <button type="submit" className="button" disabled={busy} data-testid="finding-submit">
          {busy ? '正在保存…' : '保存结论'}
        </button>
      </div>
    </form>
  );
}

export function DossierPage() {
  const { engagementId = '', householdId = '' } = useParams();
  const { data, error, loading, reload } = useAsync(
    (signal) => api.dossier(engagementId, householdId, { signal }),
    [engagementId, householdId],
  );
  return (
    <article aria-labelledby="dossier-title">
      <p className="breadcrumb">
        <Link to="/evaluation">第三方评估</Link> / <Link to={`/evaluation/${encodeURIComponent(engagementId)}`}>评估任务 {engagementId}</Link> / 农户档案
      </p>
      <h1 id="dossier-title">农户档案{data?.household ? `：${data.household.headName} 户` : ''}</h1>
      {error?.isNotFound ? <Unavailable what="农户档案" /> : error ? <ErrorNotice error={error} onRetry={() => void reload()} /> : null}
      {!data && loading ? <Loading /> : null}
      {data ? (
        <div className="case__layout">
          <div className="case__main">
            <DossierView d={data} />
          </div>
          <aside className="case__side">
            <FindingForm engagementId={engagementId} householdId={householdId} />
          </aside>
        </div>
      ) : null}
    </article>
  );
}
