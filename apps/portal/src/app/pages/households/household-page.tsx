import { Link, useParams } from 'react-router-dom';
import { api } from '../../../api/endpoints';
import type { CaseDetail, Household, HouseholdCase, HouseholdSummary, HouseholdTimelineEntry } from '../../../api/types';
import { formatDateTime } from '../../../lib/format';
import { useAuth } from '../../auth/auth-context';
import { commentText } from '../../components/case-timeline';
import { hasRole } from '../../auth/routes';
import { EmptyState, ErrorNotice, Loading, StageBadge } from '../../components/status';
import { useAsync } from '../../hooks/use-async';
import { RiskFlags } from './risk-flags';
import {
  actionLabel,
  attributeLabels,
  householdStatusLabels,
  housingGradeLabels,
  label,
  povertyCauseLabels,
  roleLabel,
  serviceLabels,
  stateLabel,
} from '../../i18n/zh';

export const caseIdOf = (c: HouseholdCase): string => c.id ?? c.caseId ?? '';

/** Every transition of every case, oldest first, as one household timeline. */
export function mergeTimelines(cases: Pick<CaseDetail, 'id' | 'service' | 'history'>[]): HouseholdTimelineEntry[] {
  return cases
    .flatMap((c) =>
      (c.history ?? []).map((h) => ({
        service: c.service,
        caseId: c.id,
        at: h.at,
        action: h.action,
        actorName: h.actorName,
        role: h.role,
        comment: h.comment ?? null,
        toState: h.toState,
      })),
    )
    .sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime());
}

const TIMELINE_CASE_LIMIT = 20;

/** The household's roster facts; shared with the evaluator's dossier. */
export function HouseholdFacts({ h }: { h: HouseholdSummary }) {
  return (
    <dl className="dl dl--grid" data-testid="household-facts">
      <div className="dl__row">
        <dt>户主</dt>
        <dd>{h.headName}</dd>
      </div>
      <div className="dl__row">
        <dt>农户编号</dt>
        <dd>{h.id}</dd>
      </div>
      <div className="dl__row">
        <dt>所在地</dt>
        <dd>
          {h.townshipName ?? h.townshipCode} {h.villageName ?? h.villageCode}
        </dd>
      </div>
      <div className="dl__row">
        <dt>家庭人口</dt>
        <dd>{h.size} 人</dd>
      </div>
      <div className="dl__row">
        <dt>贫困户属性</dt>
        <dd>{label(attributeLabels, h.attribute)}</dd>
      </div>
      <div className="dl__row">
        <dt>主要致贫原因</dt>
        <dd>{h.povertyCause ? label(povertyCauseLabels, h.povertyCause) : '—'}</dd>
      </div>
      {h.housingGrade ? (
        <div className="dl__row">
          <dt>住房鉴定等级</dt>
          <dd>{label(housingGradeLabels, h.housingGrade)}</dd>
        </div>
      ) : null}
      {h.registeredAt ? (
        <div className="dl__row">
          <dt>建档时间</dt>
          <dd>{formatDateTime(h.registeredAt)}</dd>
        </div>
      ) : null}
      <div className="dl__row">
        <dt>脱贫状态</dt>
        <dd>
          <span className={`badge badge--household-${h.status}`} data-testid="household-status">
            {label(householdStatusLabels, h.status)}
          </span>
        </dd>
      </div>
    </dl>
  );
}

export function HouseholdDetail({
  h,
  canDeclare,
  canClose,
  timeline,
  timelineNote,
}: {
  h: Household;
  canDeclare?: boolean;
  /** The village may close its follow-up tasks (the gateway checks the village again). */
  canClose?: boolean;
  timeline: HouseholdTimelineEntry[];
  timelineNote?: string;
}) {
  return (
    <>
      <section className="panel" aria-labelledby="hh-basics">
        <h2 id="hh-basics">农户信息</h2>
        <HouseholdFacts h={h} />
        {canDeclare ? (
          <p className="link-row">
            为该户申报：
            <Link to={`/declare/housing?householdId=${encodeURIComponent(h.id)}`}>危房改造</Link>
            <Link to={`/declare/medical?householdId=${encodeURIComponent(h.id)}`}>医疗救助</Link>
            <Link to={`/declare/education?householdId=${encodeURIComponent(h.id)}`}>教育救助</Link>
            <Link to={`/declare/exit-verification?householdId=${encodeURIComponent(h.id)}`}>脱贫退出</Link>
          </p>
        ) : null}
      </section>

      <section className="panel" aria-labelledby="hh-members">
        <h2 id="hh-members">家庭成员</h2>
        {(h.members ?? []).length === 0 ? (
          <p className="muted">暂无成员信息。</p>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="household-members">
              <thead>
                <tr>
                  <th scope="col">姓名</th>
                  <th scope="col">与户主关系</th>
                  <th scope="col">身份证号</th>
                </tr>
              </thead>
              <tbody>
                {h.members.map((m, i) => (
                  <tr key={i}>
                    <td data-label="姓名">{m.name}</td>
                    <td data-label="与户主关系">{m.relation}</td>
                    <td data-label="身份证号">{m.idNumberMasked}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="panel" aria-labelledby="hh-cases">
        <h2 id="hh-cases">各项业务</h2>
        {(h.cases ?? []).length === 0 ? (
          <p className="muted">暂无业务记录。</p>
        ) : (
          <div className="table-wrap">
            <table className="table table--cards" data-testid="household-cases">
              <thead>
                <tr>
                  <th scope="col">事项</th>
                  <th scope="col">案件</th>
                  <th scope="col">阶段</th>
                  <th scope="col">状态</th>
                  <th scope="col">更新时间</th>
                </tr>
              </thead>
              <tbody>
                {h.cases.map((c) => (
                  <tr key={`${c.service}/${caseIdOf(c)}`} data-testid="household-case">
                    <td data-label="事项">{label(serviceLabels, c.service)}</td>
                    <td data-label="案件">
                      <Link to={`/cases/${c.service}/${encodeURIComponent(caseIdOf(c))}`}>{c.title || caseIdOf(c)}</Link>
                    </td>
                    <td data-label="阶段">
                      <StageBadge stage={c.stage} />
                    </td>
                    <td data-label="状态">{stateLabel(c.state)}</td>
                    <td data-label="更新时间">{formatDateTime(c.updatedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {h.riskFlags ? <RiskFlags flags={h.riskFlags} canClose={!!canClose} /> : null}

      <section className="panel" aria-labelledby="hh-timeline">
        <h2 id="hh-timeline">全部办理记录</h2>
        {timelineNote ? <p className="muted">{timelineNote}</p> : null}
        {timeline.length === 0 ? (
          <p className="muted">暂无办理记录。</p>
        ) : (
          <ol className="timeline" data-testid="household-timeline">
            {timeline.map((t, i) => (
              <li key={`${t.caseId}-${t.at}-${i}`} className="timeline__item" data-testid="timeline-entry">
                <div className="timeline__head">
                  <strong className="timeline__action">
                    <span className="badge">{label(serviceLabels, t.service)}</span> {actionLabel(t.action)}
                  </strong>
                  <time dateTime={t.at} className="timeline__time">
                    {formatDateTime(t.at)}
                  </time>
                </div>
                <p className="timeline__who">
                  {t.actorName || roleLabel(t.role) || '系统'}
                  {t.role && t.actorName && t.actorName !== roleLabel(t.role) ? <span className="muted"> · {roleLabel(t.role)}</span> : null}
                  <span className="muted"> → {stateLabel(t.toState)}</span>
                </p>
                {t.comment ? <blockquote className="timeline__comment">{commentText({ action: t.action, comment: t.comment })}</blockquote> : null}
                <p className="muted">
                  <Link to={`/cases/${t.service}/${encodeURIComponent(t.caseId)}`}>查看案件 {t.caseId}</Link>
                </p>
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}

/** The household, and its timeline: as sent, or gathered from each case's own history. */
async function loadHousehold(id: string, signal: AbortSignal) {
  const household = await api.getHousehold(id, { signal });
  if (household.timeline) return { household, timeline: mergeSorted(household.timeline), missing: 0 };
  const cases = (household.cases ?? []).slice(0, TIMELINE_CASE_LIMIT);
  const details = await Promise.all(
    cases.map((c) => api.getCase(c.service, caseIdOf(c), { signal }).catch(() => null)),
  );
  const found = details.filter((d): d is CaseDetail => d !== null);
  return {
    household,
    timeline: mergeTimelines(found),
    missing: (household.cases ?? []).length - found.length,
  };
}

function mergeSorted(entries: HouseholdTimelineEntry[]) {
  return [...entries].sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime());
}

export function HouseholdPage() {
  const { id = '' } = useParams();
  const { user } = useAuth();
  const { data: loaded, error, loading, reload } = useAsync((signal) => loadHousehold(id, signal), [id]);
  const data = loaded?.household;
  if (!data || !loaded) {
    if (error?.isNotFound)
      return (
        <EmptyState title="未找到该农户" testId="household-not-found">
          <p>农户不存在，或不在您的管辖范围内。</p>
        </EmptyState>
      );
    if (error) return <ErrorNotice error={error} onRetry={() => void reload()} />;
    return <Loading />;
  }
  return (
    <article aria-labelledby="hh-title" data-testid="household-page">
      <p className="breadcrumb">
        <Link to="/households">农户</Link> / {data.headName}
      </p>
      <h1 id="hh-title">
        {data.headName} 户{loading ? <span className="muted">（正在刷新…）</span> : null}
      </h1>
      <HouseholdDetail
        h={data}
        canDeclare={hasRole(user, 'village_officer')}
        canClose={hasRole(user, 'village_officer')}
        timeline={loaded.timeline}
        timelineNote={loaded.missing > 0 ? `另有 ${loaded.missing} 件案件的记录暂时无法读取。` : undefined}
      />
    </article>
  );
}
