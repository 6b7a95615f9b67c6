import { useEffect, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { api } from '../../../api/endpoints';
import type { AllowedAction, CaseDetail } from '../../../api/types';
import { formatDate, formatDateTime, formatYuan } from '../../../lib/format';
import { CaseTimeline } from '../../components/case-timeline';
import { DataView } from '../../components/data-view';
import { Banner, EmptyState, ErrorNotice, Loading, StageBadge } from '../../components/status';
import { useAsync } from '../../hooks/use-async';
import { useAuth } from '../../auth/auth-context';
import {
  label,
  levelLabel,
  objectionStatusLabels,
  serviceLabels,
  stateLabel,
} from '../../i18n/zh';
import { isServiceCode } from '../declare/declare-page';
import { acceptanceItems, ActionPanel, actionTitle } from './action-panel';

export const STALE_MESSAGE = '该案件已被他人处理，页面已刷新，请核对后重新操作';

export function CasePage() {
  const { service, id } = useParams();
  if (!isServiceCode(service) || !id) {
    return <EmptyState title="没有这种案件" />;
  }
  return <CaseView key={`${service}/${id}`} service={service} id={id} />;
}

function CaseView({ service, id }: { service: CaseDetail['service']; id: string }) {
  const location = useLocation();
  const { user } = useAuth();
  const navigate = useNavigate();
  const { data, error, loading, reload, setData } = useAsync((signal) => api.getCase(service, id, { signal }), [service, id]);
  const [flash, setFlash] = useState<string | undefined>(() => (location.state as { flash?: string } | null)?.flash);
  const [conflict, setConflict] = useState(false);

  function onDone(updated: CaseDetail, a: AllowedAction) {
    setConflict(false);
    setData(updated);
    setFlash(`已办理：${actionTitle(a)}。案件现处于「${stateLabel(updated.state)}」。`);
  }

  // The flash came in navigation state; drop it so a browser refresh does not repeat it.
  useEffect(() => {
    if (location.state) navigate(location.pathname + location.search, { replace: true, state: null });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  async function onConflict() {
    setFlash(undefined);
    setConflict(true);
    await reload();
  }

  if (!data) {
    if (error) {
      if (error.isNotFound) {
        return (
          <EmptyState title="未找到该案件" testId="case-not-found">
            <p>案件不存在，或不在您的管辖范围内。</p>
            <Link to="/">返回首页</Link>
          </EmptyState>
        );
      }
      return <ErrorNotice error={error} onRetry={() => void reload()} />;
    }
    return <Loading />;
  }

  const c = data;
  // Officials of the case's area may reveal a personal field (the gateway checks the area again).
  const mayReveal = !!user?.roles.some((r) => r === 'village_officer' || r === 'township_reviewer' || r === 'county_officer');
  // The gateway names people by id in declaredBy and acceptance records; the history has their names.
  const names = new Map<string, string>();
  for (const h of c.history) if (h.actorId && h.actorName) names.set(h.actorId, h.actorName);
  const nameOf = (id: string | null | undefined) => (id ? (names.get(id) ?? id) : '—');
  const checks = acceptanceItems(c);
  const checkLabels = Object.fromEntries(checks.map((i) => [i.check, i.label]));
  return (
    <article className="case" aria-labelledby="case-title" data-testid="case-page" data-version={c.version}>
      <p className="breadcrumb">
        <Link to="/inbox">待办</Link> / <Link to={`/cases?service=${c.service}`}>{serviceLabels[c.service]}</Link> / {c.id}
      </p>
      {conflict ? (
        <Banner kind="warning" testId="conflict-banner" onDismiss={() => setConflict(false)}>
          {STALE_MESSAGE}
        </Banner>
      ) : null}
      {flash ? (
        <Banner kind="success" testId="action-success" onDismiss={() => setFlash(undefined)}>
          {flash}
        </Banner>
      ) : null}
      {error ? <ErrorNotice error={error} onRetry={() => void reload()} /> : null}

      <header className="case__header">
        <h1 id="case-title">{c.title}</h1>
        <p className="case__badges">
          <span className="badge">{serviceLabels[c.service]}</span>
          <StageBadge stage={c.stage} />
          <span className="badge badge--state" data-testid="case-state">
            {stateLabel(c.state)}
          </span>
          {c.currentLevel && !stateLabel(c.state).includes(levelLabel(c.currentLevel)) ? (
            <span className="badge">{levelLabel(c.currentLevel)}级办理</span>
          ) : null}
          {loading ? <span className="muted">（正在刷新…）</span> : null}
        </p>
      </header>

      <div className="case__layout">
        <div className="case__main">
          <section className="panel" aria-labelledby="case-basics">
            <h2 id="case-basics">基本信息</h2>
            <dl className="dl dl--grid">
              <div className="dl__row">
                <dt>案件编号</dt>
                <dd>{c.id}</dd>
              </div>
              <div className="dl__row">
                <dt>所在地</dt>
                <dd>
                  {c.townshipName} {c.villageName}
                </dd>
              </div>
              {c.householdId ? (
                <div className="dl__row">
                  <dt>农户</dt>
                  <dd>
                    <Link to={`/households/${encodeURIComponent(c.householdId)}`} data-testid="household-link">
                      {c.householdId}
                    </Link>
                  </dd>
                </div>
              ) : null}
              <div className="dl__row">
                <dt>申报人</dt>
                <dd>{nameOf(c.declaredBy)}</dd>
              </div>
              <div className="dl__row">
                <dt>申报时间</dt>
                <dd>{formatDateTime(c.createdAt)}</dd>
              </div>
              <div className="dl__row">
                <dt>最近更新</dt>
                <dd>{formatDateTime(c.updatedAt)}</dd>
              </div>
              {c.dueAt && !['closed', 'rejected', 'withdrawn'].includes(c.stage) ? (
                <div className="dl__row">
                  <dt>办理期限</dt>
                  <dd data-testid="case-due-at" className={new Date(c.dueAt).getTime() < Date.now() ? 'text-danger' : undefined}>
                    {formatDateTime(c.dueAt)}
                    {new Date(c.dueAt).getTime() < Date.now() ? '（已逾期）' : ''}
                  </dd>
                </div>
              ) : null}
              {c.noticeEndsAt ? (
                <div className="dl__row">
                  <dt>公示截止</dt>
                  <dd data-testid="notice-ends-at">{formatDateTime(c.noticeEndsAt)}</dd>
                </div>
              ) : null}
              <div className="dl__row">
                <dt>政策版本</dt>
                <dd>{c.policyId}</dd>
              </div>
              <div className="dl__row">
                <dt>版本号</dt>
                <dd data-testid="case-version">{c.version}</dd>
              </div>
            </dl>
          </section>

          <section className="panel" aria-labelledby="case-data">
            <h2 id="case-data">申报信息</h2>
            <DataView
              data={c.data ?? {}}
              personalFields={c.personalFields ?? []}
              onReveal={mayReveal ? async (field, reason) => (await api.revealField(c.service, c.id, { field, reason })).value : undefined}
            />
          </section>

          <section className="panel" aria-labelledby="case-amounts" data-testid="amounts">
            <h2 id="case-amounts">核定金额</h2>
            {c.amounts.length === 0 ? (
              <p className="muted">暂无核定金额。</p>
            ) : (
              <div className="table-wrap">
                <table className="table table--cards">
                  <thead>
                    <tr>
                      <th scope="col">项目</th>
                      <th scope="col" className="num">
                        金额
                      </th>
                      <th scope="col">计算依据</th>
                    </tr>
                  </thead>
                  <tbody>
                    {c.amounts.map((a) => (
                      <tr key={a.code} data-testid={`amount-${a.code}`}>
                        <td data-label="项目">{a.label}</td>
                        <td data-label="金额" className="num">
                          {formatYuan(a.amountFen)}
                        </td>
                        <td data-label="计算依据">{a.rule}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>

          {c.objections.length > 0 || c.stage === 'publicNotice' ? (
            <section className="panel" aria-labelledby="case-objections" data-testid="objections">
              <h2 id="case-objections">公示异议</h2>
              {c.objections.length === 0 ? (
                <p className="muted">公示期内暂无异议。</p>
              ) : (
                <ul className="plain-list">
                  {c.objections.map((o) => (
                    <li key={o.id} className="objection" data-testid="objection">
                      <p>
                        <span className={`badge badge--objection-${o.status}`}>{label(objectionStatusLabels, o.status)}</span>{' '}
                        <time dateTime={o.filedAt} className="muted">
                          {formatDateTime(o.filedAt)}
                        </time>
                      </p>
                      <p>{o.reason}</p>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          ) : null}

          {checks.length > 0 && (['acceptance', 'closed'].includes(c.stage) || Object.keys(c.acceptance?.checks ?? {}).length > 0) ? (
            <section className="panel" aria-labelledby="case-acceptance" data-testid="acceptance">
              <h2 id="case-acceptance">验收</h2>
              <div className="table-wrap">
                <table className="table table--cards">
                  <thead>
                    <tr>
                      <th scope="col">验收项目</th>
                      <th scope="col">状态</th>
                      <th scope="col">依据</th>
                      <th scope="col">登记人</th>
                      <th scope="col">时间</th>
                    </tr>
                  </thead>
                  <tbody>
                    {checks.map(({ check: k, label: checkLabel }) => {
                      const r = c.acceptance?.checks?.[k];
                      return (
                        <tr key={k} data-testid={`acceptance-${k}`}>
                          <td data-label="验收项目">{checkLabel}</td>
                          <td data-label="状态">
                            {r ? <span className="badge badge--ok">已登记</span> : <span className="badge">待登记</span>}
                          </td>
                          <td data-label="依据">{r?.evidence ?? '—'}</td>
                          <td data-label="登记人">{r ? nameOf(r.recordedBy) : '—'}</td>
                          <td data-label="时间">{r ? formatDate(r.at) : '—'}</td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            </section>
          ) : null}
        </div>

        <aside className="case__side">
          <section className="panel panel--actions" aria-labelledby="case-actions">
            <h2 id="case-actions">办理</h2>
            <ActionPanel caseData={c} onDone={onDone} onConflict={() => void onConflict()} />
          </section>
          <section className="panel" aria-labelledby="case-history">
            <h2 id="case-history">办理记录</h2>
            <CaseTimeline history={c.history} checkLabels={checkLabels} />
          </section>
        </aside>
      </div>
    </article>
  );
}
