import { type FormEvent, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../../../api/client';
import { api } from '../../../api/endpoints';
import type {
  CaseDetail,
  Dossier,
  Engagement,
  ExitVerdict,
  Finding,
  HistoryEntry,
  Rates,
  Sample,
  User,
} from '../../../api/types';
import { formatDate, formatDateTime, formatYuan } from '../../../lib/format';
import { useAuth } from '../../auth/auth-context';
import { hasRole } from '../../auth/routes';
import { CaseTimeline } from '../../components/case-timeline';
import { DataView } from '../../components/data-view';
import { ErrorSummary, RadioGroup, TextAreaField, TextField } from '../../components/form-controls';
import { Banner, EmptyState, ErrorNotice, Loading, StageBadge } from '../../components/status';
import { type AsyncState, useAsync } from '../../hooks/use-async';
import { actionLabel, exitChecklistLabels, exitVerdictLabels, label, serviceLabel, stateLabel } from '../../i18n/zh';
import { HouseholdFacts } from '../households/household-page';
import { formatBp, maskedKinds, passClass, passLabel, rateRows } from './evaluation-labels';

const OUTSIDE_WINDOW = 'EVALUATION.OUTSIDE_WINDOW';

/** The county poverty office draws samples (and creates engagements). */
function isPovertyOffice(user: User | null | undefined): boolean {
  return hasRole(user, 'county_officer') && user?.department === 'poverty_office';
}

/** Verification records are readable by the engagement's evaluators and by auditors. */
function canReadRecords(user: User | null | undefined): boolean {
  return hasRole(user, 'evaluator', 'auditor');
}

function Unavailable({ what }: { what: string }) {
  return (
    <EmptyState title={`${what}暂不可用`} testId="evaluation-unavailable">
      <p>没有找到该评估任务或数据，或您不是该任务的评估人员。请确认后再试，或联系县扶贫办。</p>
    </EmptyState>
  );
}

function OutsideWindow({ error }: { error: ApiError }) {
  return (
    <Banner kind="warning" testId="evaluation-outside-window">
      <p>
        <strong>不在评估期内。</strong>评估人员只能在评估任务的评估期内查看核验记录和录入结论。
      </p>
      <p className="muted">{error.message}</p>
    </Banner>
  );
}

/** A load error: 404 and 403 outside the window get their own explanation. */
function LoadProblem({ error, what, onRetry }: { error: ApiError; what: string; onRetry: () => void }) {
  if (error.code === OUTSIDE_WINDOW) return <OutsideWindow error={error} />;
  if (error.isNotFound) return <Unavailable what={what} />;
  return <ErrorNotice error={error} onRetry={onRetry} />;
}

const satisfiedText = (v: boolean | null | undefined) => (v === null || v === undefined ? '未调查' : v ? '满意' : '不满意');

function townshipNames(e: Engagement, sample?: Sample | null): string {
  const names = new Map((sample?.strata ?? []).map((s) => [s.townshipCode, s.townshipName]));
  return e.townshipCodes.map((c) => names.get(c) ?? c).join('、') || '—';
}

function WindowBadge({ e }: { e: Engagement }) {
  return e.open ? (
    <span className="badge badge--ok" data-testid="engagement-open">
      评估期内
    </span>
  ) : (
    <span className="badge badge--pending" data-testid="engagement-closed">
      不在评估期内
    </span>
  );
}

// ---------------------------------------------------------------- list

export function EvaluationPage() {
  const { data, error, loading, reload } = useAsync((signal) => api.engagements({ signal }), []);
  return (
    <section aria-labelledby="eval-title">
      <h1 id="eval-title">第三方评估</h1>
      <p className="lead">评估人员只能在评估期内查看本任务抽样农户的核验记录（按授权遮蔽个人信息）并录入评估结论。</p>
      {error ? <LoadProblem error={error} what="评估任务" onRetry={() => void reload()} /> : null}
      {!data && loading ? <Loading /> : null}
      {data ? (
        data.items.length === 0 ? (
          <EmptyState title="暂无评估任务" testId="evaluation-empty" />
        ) : (
          <ul className="card-grid">
            {data.items.map((e) => (
              <li key={e.id} className="card" data-testid="engagement-card" data-engagement-id={e.id} data-open={e.open}>
                <h2 className="card__title">
                  <Link to={`/evaluation/${encodeURIComponent(e.id)}`}>{e.name}</Link>
                </h2>
                <p>
                  <WindowBadge e={e} /> {e.seed ? <span className="badge">已抽样</span> : <span className="badge">尚未抽样</span>}
                </p>
                <dl className="dl dl--compact">
                  <div className="dl__row">
                    <dt>评估机构</dt>
                    <dd>{e.organisation}</dd>
                  </div>
                  <div className="dl__row">
                    <dt>评估年度</dt>
                    <dd>{e.year} 年</dd>
                  </div>
                  <div className="dl__row">
                    <dt>评估期</dt>
                    <dd data-testid="engagement-window">
                      {formatDateTime(e.startsAt)} 至 {formatDateTime(e.endsAt)}
                    </dd>
                  </div>
                  <div className="dl__row">
                    <dt>评估乡镇</dt>
                    <dd>{e.townshipCodes.length} 个</dd>
                  </div>
                  <div className="dl__row">
                    <dt>抽样比例</dt>
                    <dd>{formatBp(e.sampleRateBp)}</dd>
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

// ---------------------------------------------------------------- one engagement

function RatesPanel({ rates }: { rates: AsyncState<Rates> }) {
  const rows = rates.data ? rateRows(rates.data) : [];
  return (
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
      ) : rates.data ? (
        <div data-testid="rates">
          <p>
            总体结论：
            <span className={passClass(rates.data.allPass)} data-testid="rates-all-pass" data-pass={String(rates.data.allPass)}>
              {passLabel(rates.data.allPass)}
            </span>
            <span className="muted">
              {' '}
              · 抽样 {rates.data.sampleSize} 户，待核查 <span data-testid="rates-pending">{rates.data.pending}</span> 户 · 标准
              {rates.data.year} 年（{rates.data.policyId}）
            </span>
          </p>
          <div className="table-wrap">
            <table className="table table--cards">
              <thead>
                <tr>
                  <th scope="col">指标</th>
                  <th scope="col">比率</th>
                  <th scope="col">标准</th>
                  <th scope="col">结论</th>
                  <th scope="col">计数</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.key} data-testid={`rate-${r.key}`} data-pass={String(r.pass)}>
                    <th scope="row" data-label="指标">
                      {r.label}
                    </th>
                    <td data-label="比率" className="stat">
                      {r.value}
                      {r.note ? <span className="muted">（{r.note}）</span> : null}
                    </td>
                    <td data-label="标准">{r.threshold}</td>
                    <td data-label="结论">
                      <span className={passClass(r.pass)}>{r.verdict}</span>
                    </td>
                    <td data-label="计数" className="muted">
                      {r.counts}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ) : null}
    </section>
  );
}

function DrawSampleForm({ engagementId, onDrawn }: { engagementId: string; onDrawn: (s: Sample) => void }) {
  const [seed, setSeed] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(undefined);
    try {
      onDrawn(await api.drawSample(engagementId, seed.trim() || undefined));
    } catch (err) {
      if (err instanceof ApiError && err.code === 'EVALUATION.SAMPLE_FROZEN') setError('样本已经抽取并冻结，不能重新抽取。');
      else setError(err instanceof ApiError ? err.message : '抽样失败，请重试');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form" noValidate onSubmit={submit} data-testid="sample-draw-form">
      {error ? (
        <Banner kind="error" testId="sample-draw-error">
          {error}
        </Banner>
      ) : null}
      <TextField
        name="seed"
        label="抽样种子（可选）"
        hint="同一名单、同一种子、同一比例总能抽出同一样本；不填则随机生成并记录。样本抽取后即冻结。"
        value={seed}
        onChange={setSeed}
        maxLength={200}
        testId="sample-seed"
      />
      <div className="form-actions">
        <button type="submit" className="button" disabled={busy} data-testid="sample-draw">
          {busy ? '正在抽样…' : '按乡镇分层抽取样本'}
        </button>
      </div>
    </form>
  );
}

function SamplePanel({
  engagementId,
  sample,
  findings,
  canDraw,
  canOpen,
  onDrawn,
}: {
  engagementId: string;
  sample: AsyncState<Sample>;
  findings: Finding[];
  canDraw: boolean;
  canOpen: boolean;
  onDrawn: (s: Sample) => void;
}) {
  const byHousehold = useMemo(
    () => new Map(findings.filter((f) => f.kind === 'sampled' && f.householdId).map((f) => [f.householdId as string, f])),
    [findings],
  );
  const s = sample.data;
  const names = new Map((s?.strata ?? []).map((x) => [x.townshipCode, x.townshipName]));
  return (
    <section className="panel" aria-labelledby="sample-title">
      <h2 id="sample-title">抽样农户</h2>
      {sample.error ? <LoadProblem error={sample.error} what="抽样名单" onRetry={() => void sample.reload()} /> : null}
      {!s && sample.loading ? <Loading /> : null}
      {s ? (
        !s.seed ? (
          <>
            <EmptyState title="样本尚未抽取" testId="sample-not-drawn">
              {canDraw ? null : <p>样本由县扶贫办抽取，抽取后即可在此查看。</p>}
            </EmptyState>
            {canDraw ? <DrawSampleForm engagementId={engagementId} onDrawn={onDrawn} /> : null}
          </>
        ) : (
          <>
            <dl className="dl dl--grid" data-testid="sample-info">
              <div className="dl__row">
                <dt>抽样种子</dt>
                <dd data-testid="sample-seed-value">{s.seed}</dd>
              </div>
              <div className="dl__row">
                <dt>抽样时间</dt>
                <dd>{formatDateTime(s.sampledAt)}</dd>
              </div>
              <div className="dl__row">
                <dt>抽样比例</dt>
                <dd>{formatBp(s.rateBp)}</dd>
              </div>
              <div className="dl__row">
                <dt>样本户数</dt>
                <dd data-testid="sample-size">
                  {s.households.length}
                  {s.frameSize !== undefined ? <span className="muted">（抽样框 {s.frameSize} 户）</span> : null}
                </dd>
              </div>
              <div className="dl__row dl__row--wide">
                <dt>各乡镇样本</dt>
                <dd data-testid="sample-strata">{s.strata.map((x) => `${x.townshipName} ${x.count} 户`).join('、') || '—'}</dd>
              </div>
            </dl>
            {s.households.length === 0 ? (
              <EmptyState title="抽样框中没有该年度的已脱贫户" />
            ) : (
              <div className="table-wrap">
                <table className="table table--cards" data-testid="sample-table">
                  <thead>
                    <tr>
                      <th scope="col">乡镇</th>
                      <th scope="col">序号</th>
                      <th scope="col">农户编号</th>
                      <th scope="col">退出核查</th>
                      <th scope="col">群众认可</th>
                      <th scope="col">记录时间</th>
                    </tr>
                  </thead>
                  <tbody>
                    {s.households.map((h) => {
                      const f = byHousehold.get(h.householdId);
                      return (
                        <tr
                          key={h.householdId}
                          data-testid="sample-row"
                          data-household-id={h.householdId}
                          data-verdict={f?.exitVerdict ?? ''}
                        >
                          <td data-label="乡镇">{names.get(h.townshipCode) ?? h.townshipCode}</td>
                          <td data-label="序号">{h.position}</td>
                          <td data-label="农户编号">
                            {canOpen ? (
                              <Link
                                to={`/evaluation/${encodeURIComponent(engagementId)}/households/${encodeURIComponent(h.householdId)}`}
                                data-testid="sample-link"
                              >
                                {h.householdId}
                              </Link>
                            ) : (
                              h.householdId
                            )}
                          </td>
                          <td data-label="退出核查">
                            {f?.exitVerdict ? label(exitVerdictLabels, f.exitVerdict) : <span className="muted">待核查</span>}
                          </td>
                          <td data-label="群众认可">{f ? satisfiedText(f.satisfied) : '—'}</td>
                          <td data-label="记录时间">{f ? formatDateTime(f.recordedAt) : '—'}</td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            )}
          </>
        )
      ) : null}
    </section>
  );
}

const SATISFIED_OPTIONS = [
  { value: 'yes', label: '满意' },
  { value: 'no', label: '不满意' },
  { value: 'unasked', label: '未调查' },
];
const satisfiedValue = (v: string): boolean | null => (v === 'yes' ? true : v === 'no' ? false : null);
const satisfiedChoice = (v: boolean | null | undefined): string => (v === true ? 'yes' : v === false ? 'no' : v === null ? 'unasked' : '');

function NonRegisteredForm({ engagementId, onSaved }: { engagementId: string; onSaved: () => void }) {
  const [labelText, setLabelText] = useState('');
  const [missed, setMissed] = useState('');
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
    if (!labelText.trim()) found['label'] = '请填写调查户标识（村名加编号，不填姓名）';
    if (!missed) found['missed'] = '请选择是否漏评';
    if (!satisfied) found['satisfied'] = '请选择群众是否满意';
    if (missed === 'yes' && !notes.trim()) found['notes'] = '漏评须填写核查说明';
    setErrors(found);
    setServerError(undefined);
    setSaved(false);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      await api.recordFinding(engagementId, {
        kind: 'nonRegistered',
        label: labelText.trim(),
        missed: missed === 'yes',
        satisfied: satisfiedValue(satisfied),
        ...(notes.trim() ? { notes: notes.trim() } : {}),
      });
      setSaved(true);
      setLabelText('');
      setMissed('');
      setSatisfied('');
      setNotes('');
      onSaved();
    } catch (err) {
      if (err instanceof ApiError && err.field) setErrors({ [err.field]: err.message });
      else setServerError(err instanceof ApiError ? err.message : '保存失败，请重试');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form" noValidate onSubmit={submit} data-testid="nonregistered-form" aria-label="录入非建档立卡户调查结论">
      <ErrorSummary errors={errors} idPrefix="nr" />
      {serverError ? (
        <Banner kind="error" testId="nonregistered-error">
          {serverError}
        </Banner>
      ) : null}
      {saved ? (
        <Banner kind="success" testId="nonregistered-saved">
          调查结论已保存。
        </Banner>
      ) : null}
      <TextField
        name="label"
        idPrefix="nr"
        label="调查户标识"
        hint="例如“上堡村-01”；同一标识再次录入即修改原结论。"
        required
        value={labelText}
        onChange={setLabelText}
        error={errors['label']}
        maxLength={100}
        testId="nonregistered-label"
      />
      <RadioGroup
        name="missed"
        idPrefix="nr"
        label="是否漏评（应纳入建档立卡而未纳入）"
        required
        value={missed}
        onChange={setMissed}
        options={[
          { value: 'yes', label: '漏评' },
          { value: 'no', label: '非漏评' },
        ]}
        error={errors['missed']}
        testId="nonregistered-missed"
      />
      <RadioGroup
        name="satisfied"
        idPrefix="nr"
        label="群众是否满意"
        required
        value={satisfied}
        onChange={setSatisfied}
        options={SATISFIED_OPTIONS}
        error={errors['satisfied']}
        testId="nonregistered-satisfied"
      />
      <TextAreaField
        name="notes"
        idPrefix="nr"
        label="核查说明"
        value={notes}
        onChange={setNotes}
        error={errors['notes']}
        testId="nonregistered-notes"
        rows={3}
        maxLength={2000}
      />
      <div className="form-actions">
        <button type="submit" className="button" disabled={busy} data-testid="nonregistered-submit">
          {busy ? '正在保存…' : '保存调查结论'}
        </button>
      </div>
    </form>
  );
}

function NonRegisteredPanel({
  engagementId,
  findings,
  canRecord,
  onSaved,
}: {
  engagementId: string;
  findings: Finding[];
  canRecord: boolean;
  onSaved: () => void;
}) {
  const rows = findings.filter((f) => f.kind === 'nonRegistered');
  return (
    <section className="panel" aria-labelledby="nonregistered-title">
      <h2 id="nonregistered-title">非建档立卡户调查（漏评）</h2>
      {rows.length === 0 ? (
        <p className="muted">尚未录入非建档立卡户调查结论。</p>
      ) : (
        <div className="table-wrap">
          <table className="table table--cards" data-testid="nonregistered-table">
            <thead>
              <tr>
                <th scope="col">调查户标识</th>
                <th scope="col">是否漏评</th>
                <th scope="col">群众认可</th>
                <th scope="col">核查说明</th>
                <th scope="col">记录时间</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((f) => (
                <tr key={f.id} data-testid="nonregistered-row">
                  <td data-label="调查户标识">{f.label}</td>
                  <td data-label="是否漏评">{f.missed ? '漏评' : '否'}</td>
                  <td data-label="群众认可">{satisfiedText(f.satisfied)}</td>
                  <td data-label="核查说明">{f.notes || '—'}</td>
                  <td data-label="记录时间">{formatDateTime(f.recordedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canRecord ? <NonRegisteredForm engagementId={engagementId} onSaved={onSaved} /> : null}
    </section>
  );
}

function EngagementFacts({ e, sample }: { e: Engagement; sample?: Sample | null }) {
  const masked = maskedKinds(e.disclosure);
  return (
    <dl className="dl dl--grid" data-testid="engagement-facts">
      <div className="dl__row">
        <dt>评估机构</dt>
        <dd>{e.organisation}</dd>
      </div>
      <div className="dl__row">
        <dt>评估年度</dt>
        <dd>{e.year} 年</dd>
      </div>
      <div className="dl__row">
        <dt>评估期</dt>
        <dd>
          {formatDateTime(e.startsAt)} 至 {formatDateTime(e.endsAt)} <WindowBadge e={e} />
        </dd>
      </div>
      <div className="dl__row">
        <dt>评估乡镇</dt>
        <dd>{townshipNames(e, sample)}</dd>
      </div>
      <div className="dl__row">
        <dt>评估人员</dt>
        <dd>{e.evaluators.map((x) => x.username).join('、') || '—'}</dd>
      </div>
      <div className="dl__row">
        <dt>遮蔽的个人信息</dt>
        <dd data-testid="engagement-masked">{masked.length ? masked.join('、') : '无（全部授权查看）'}</dd>
      </div>
    </dl>
  );
}

function EngagementBody({ engagement, user }: { engagement: Engagement; user: User | null | undefined }) {
  const id = engagement.id;
  const sample = useAsync((signal) => api.sample(id, { signal }), [id]);
  const findings = useAsync((signal) => api.findings(id, { signal }), [id]);
  const rates = useAsync((signal) => api.rates(id, { signal }), [id]);
  const refresh = () => {
    void findings.reload();
    void rates.reload();
  };
  return (
    <>
      <EngagementFacts e={engagement} sample={sample.data} />
      <RatesPanel rates={rates} />
      {findings.error && !findings.error.isNotFound ? (
        <ErrorNotice error={findings.error} onRetry={() => void findings.reload()} />
      ) : null}
      <SamplePanel
        engagementId={id}
        sample={sample}
        findings={findings.data?.items ?? []}
        canDraw={isPovertyOffice(user)}
        canOpen={canReadRecords(user)}
        onDrawn={(s) => {
          sample.setData(s);
          void rates.reload();
        }}
      />
      <NonRegisteredPanel
        engagementId={id}
        findings={findings.data?.items ?? []}
        canRecord={hasRole(user, 'evaluator')}
        onSaved={refresh}
      />
    </>
  );
}

export function EngagementPage() {
  const { engagementId = '' } = useParams();
  const { user } = useAuth();
  const engagement = useAsync((signal) => api.engagement(engagementId, { signal }), [engagementId]);
  const e = engagement.data;
  return (
    <section aria-labelledby="engagement-title" data-testid="engagement-page">
      <p className="breadcrumb">
        <Link to="/evaluation">第三方评估</Link> / 评估任务
      </p>
      <h1 id="engagement-title">{e ? e.name : '评估任务'}</h1>
      {engagement.error ? (
        <LoadProblem error={engagement.error} what="评估任务" onRetry={() => void engagement.reload()} />
      ) : null}
      {!e && engagement.loading ? <Loading /> : null}
      {e ? <EngagementBody engagement={e} user={user} /> : null}
    </section>
  );
}

// ---------------------------------------------------------------- one household's record

const shortfallLabels: Record<string, string> = {
  missing: '尚无记录',
  notMet: '未达标',
  evidenceIncomplete: '佐证不全',
};

function ExitChecklist({ data }: { data: Record<string, unknown> }) {
  const checklist = (data['checklist'] ?? {}) as Record<string, { met: boolean; source: string; at: string }>;
  const unmet = (data['unmet'] ?? []) as { item: string; label: string; reason: string }[];
  const items = Object.entries(checklist);
  return (
    <>
      <h3>退出条件核查表</h3>
      {items.length === 0 ? (
        <p className="muted" data-testid="exit-checklist-empty">
          核查表尚未形成。
        </p>
      ) : (
        <div className="table-wrap">
          <table className="table table--compact" data-testid="exit-checklist">
            <thead>
              <tr>
                <th scope="col">条件</th>
                <th scope="col">是否达标</th>
                <th scope="col">依据</th>
                <th scope="col">时间</th>
              </tr>
            </thead>
            <tbody>
              {items.map(([item, entry]) => (
                <tr key={item} data-testid="checklist-item" data-item={item} data-met={String(entry?.met)}>
                  <td>{label(exitChecklistLabels, item)}</td>
                  <td>
                    <span className={passClass(entry?.met)}>{entry?.met ? '达标' : '未达标'}</span>
                  </td>
                  <td>{entry?.source ?? '—'}</td>
                  <td>{/^\d{4}-\d{2}-\d{2}T/.test(entry?.at ?? '') ? formatDateTime(entry.at) : (entry?.at ?? '—')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {unmet.length ? (
        <ul className="plain-list" data-testid="exit-unmet">
          {unmet.map((u, i) => (
            <li key={`${u.item}-${i}`}>
              未满足：{u.label || label(exitChecklistLabels, u.item)}——{label(shortfallLabels, u.reason)}
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

function CaseHead({ c }: { c: CaseDetail }) {
  return (
    <p>
      <span className="badge">{serviceLabel(c.service)}</span> {c.title || c.id} · <StageBadge stage={c.stage} /> {stateLabel(c.state)}{' '}
      <span className="muted">
        案件 {c.id} · 申报于 {formatDate(c.createdAt)}
      </span>
    </p>
  );
}

function Amounts({ c }: { c: CaseDetail }) {
  if (!c.amounts?.length) return null;
  return (
    <ul className="plain-list">
      {c.amounts.map((a) => (
        <li key={a.code}>
          {a.label}：{typeof a.amountFen === 'number' ? formatYuan(a.amountFen) : String(a.amountFen)}{' '}
          <span className="muted">{a.rule}</span>
        </li>
      ))}
    </ul>
  );
}

function withoutChecklist(data: Record<string, unknown> | undefined): Record<string, unknown> {
  const rest = { ...(data ?? {}) };
  delete rest['checklist'];
  delete rest['unmet'];
  return rest;
}

type MergedEntry = HistoryEntry & { service: string; caseId: string };

function DossierView({ d }: { d: Dossier }) {
  const household = d.household;
  const exitIds = new Set(d.exitCases.map((c) => c.id));
  const others = d.cases.filter((c) => !exitIds.has(c.id));
  const history: MergedEntry[] = d.cases
    .flatMap((c) => (c.history ?? []).map((h) => ({ ...h, service: c.service, caseId: c.id })))
    .sort((a, b) => a.at.localeCompare(b.at));
  const masked = maskedKinds(d.disclosure);
  return (
    <>
      {masked.length ? (
        <Banner kind="info" testId="dossier-masking">
          按本评估任务的授权，以下信息已遮蔽：{masked.join('、')}。
        </Banner>
      ) : null}
      {d.unavailable?.length ? (
        <Banner kind="warning" testId="dossier-partial">
          以下业务暂时无法查询，其案件未列出：{d.unavailable.map(serviceLabel).join('、')}。
        </Banner>
      ) : null}

      <section className="panel" aria-labelledby="dossier-household" data-testid="dossier-household">
        <h2 id="dossier-household">农户</h2>
        <HouseholdFacts h={household} />
        {household.members?.length ? (
          <ul className="plain-list" data-testid="dossier-members">
            {household.members.map((m, i) => (
              <li key={i}>
                {m.name}（{m.relation}）<span className="muted">{m.idNumberMasked}</span>
              </li>
            ))}
          </ul>
        ) : null}
      </section>

      <section className="panel" aria-labelledby="dossier-exit" data-testid="dossier-exit">
        <h2 id="dossier-exit">脱贫退出核验</h2>
        {d.exitCases.length === 0 ? (
          <p className="muted">该户没有脱贫退出案件。</p>
        ) : (
          d.exitCases.map((exit) => (
            <div key={exit.id} className="dossier-case" data-testid="exit-case" data-case-id={exit.id}>
              <CaseHead c={exit} />
              <ExitChecklist data={exit.data ?? {}} />
              <h3>入户调查</h3>
              <DataView data={withoutChecklist(exit.data)} />
              <Amounts c={exit} />
              <h3>核验记录</h3>
              <CaseTimeline history={exit.history ?? []} />
            </div>
          ))
        )}
      </section>

      <section className="panel" aria-labelledby="dossier-cases" data-testid="dossier-cases">
        <h2 id="dossier-cases">其他业务</h2>
        {others.length === 0 ? (
          <p className="muted">该户没有其他业务案件。</p>
        ) : (
          <ul className="plain-list">
            {others.map((c) => (
              <li key={`${c.service}-${c.id}`} data-testid="dossier-case" data-service={c.service} data-case-id={c.id}>
                <CaseHead c={c} />
                <details>
                  <summary>申报数据和办理记录</summary>
                  <DataView data={c.data ?? {}} />
                  <Amounts c={c} />
                  <CaseTimeline history={c.history ?? []} />
                </details>
              </li>
            ))}
          </ul>
        )}
      </section>

      {history.length ? (
        <section className="panel" aria-labelledby="dossier-history-title">
          <h2 id="dossier-history-title">办理记录（全部业务）</h2>
          <ol className="timeline" data-testid="dossier-history">
            {history.map((h) => (
              <li key={`${h.caseId}-${h.seq}`} className="timeline__item" data-testid="dossier-history-entry">
                <div className="timeline__head">
                  <strong>
                    <span className="badge">{serviceLabel(h.service)}</span> {actionLabel(h.action)}
                  </strong>
                  <time dateTime={h.at} className="timeline__time">
                    {formatDateTime(h.at)}
                  </time>
                </div>
                <p className="timeline__who">
                  {h.actorName || '—'} <span className="muted">→ {stateLabel(h.toState)}</span>
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

function FindingForm({
  engagementId,
  householdId,
  existing,
  onSaved,
}: {
  engagementId: string;
  householdId: string;
  existing?: Finding;
  onSaved?: (f: Finding) => void;
}) {
  const [verdict, setVerdict] = useState<string>(existing?.exitVerdict ?? '');
  const [satisfied, setSatisfied] = useState(existing ? satisfiedChoice(existing.satisfied) : '');
  const [notes, setNotes] = useState(existing?.notes ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [serverError, setServerError] = useState<string>();
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const found: Record<string, string> = {};
    if (!verdict) found['exitVerdict'] = '请选择退出核查结论';
    if (!satisfied) found['satisfied'] = '请选择群众是否满意（未调查也请选择）';
    if (verdict === 'wronglyExited' && !notes.trim()) found['notes'] = '错退须填写核查说明';
    setErrors(found);
    setServerError(undefined);
    setSaved(false);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      const f = await api.recordFinding(engagementId, {
        kind: 'sampled',
        householdId,
        exitVerdict: verdict as ExitVerdict,
        satisfied: satisfiedValue(satisfied),
        ...(notes.trim() ? { notes: notes.trim() } : {}),
      });
      setSaved(true);
      onSaved?.(f);
    } catch (err) {
      if (err instanceof ApiError && err.code === OUTSIDE_WINDOW) setServerError('评估期已结束或尚未开始，结论未保存。');
      else if (err instanceof ApiError && err.field) setErrors({ [err.field]: err.message });
      else setServerError(err instanceof ApiError ? err.message : '保存失败，请重试');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form panel" noValidate onSubmit={submit} data-testid="finding-form" aria-labelledby="finding-title">
      <h2 id="finding-title">评估结论</h2>
      {existing ? (
        <p className="muted" data-testid="finding-existing">
          已于 {formatDateTime(existing.recordedAt)} 录入；再次保存将修改原结论。
        </p>
      ) : null}
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
        name="exitVerdict"
        label="退出核查结论"
        required
        value={verdict}
        onChange={setVerdict}
        options={Object.entries(exitVerdictLabels).map(([value, l]) => ({ value, label: l }))}
        error={errors['exitVerdict']}
        testId="finding-verdict"
      />
      <RadioGroup
        name="satisfied"
        label="群众是否满意帮扶和退出结果"
        required
        value={satisfied}
        onChange={setSatisfied}
        options={SATISFIED_OPTIONS}
        error={errors['satisfied']}
        testId="finding-satisfied"
      />
      <TextAreaField
        name="notes"
        label="核查说明"
        hint="入户核查的情况；错退须说明依据"
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
  const { user } = useAuth();
  const { data, error, loading, reload } = useAsync(
    (signal) => api.dossier(engagementId, householdId, { signal }),
    [engagementId, householdId],
  );
  const isEvaluator = hasRole(user, 'evaluator');
  const findings = useAsync(
    (signal) => (isEvaluator ? api.findings(engagementId, { signal }) : Promise.resolve({ items: [] as Finding[] })),
    [engagementId, isEvaluator],
  );
  const existing = findings.data?.items.find((f) => f.kind === 'sampled' && f.householdId === householdId);
  return (
    <article aria-labelledby="dossier-title" data-testid="dossier-page">
      <p className="breadcrumb">
        <Link to="/evaluation">第三方评估</Link> / <Link to={`/evaluation/${encodeURIComponent(engagementId)}`}>评估任务</Link> / 核验记录
      </p>
      <h1 id="dossier-title">核验记录{data?.household ? `：${data.household.headName} 户` : ''}</h1>
      {error ? <LoadProblem error={error} what="农户核验记录" onRetry={() => void reload()} /> : null}
      {!data && loading ? <Loading /> : null}
      {data ? (
        <div className="case__layout">
          <div className="case__main">
            <p className="muted" data-testid="dossier-read-at">
              读取时间 {formatDateTime(data.readAt)}（每次查看均记录在案，供审计）
            </p>
            <DossierView d={data} />
          </div>
          {isEvaluator ? (
            <aside className="case__side">
              {findings.loading && !findings.data ? (
                <Loading />
              ) : (
                <FindingForm
                  key={existing?.id ?? 'new'}
                  engagementId={engagementId}
                  householdId={householdId}
                  existing={existing}
                />
              )}
            </aside>
          ) : null}
        </div>
      ) : null}
    </article>
  );
}
