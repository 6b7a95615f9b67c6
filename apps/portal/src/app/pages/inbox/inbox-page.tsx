import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../../../api/endpoints';
import { SERVICE_CODES, STAGE_CODES } from '../../../api/types';
import { daysSince, formatDate, formatDateTime } from '../../../lib/format';
import { countOverdue, filterInbox, sortInbox, townshipOptions } from '../../../lib/inbox';
import { SelectField } from '../../components/form-controls';
import { Banner, EmptyState, ErrorNotice, Loading, OverdueFlag, StageBadge } from '../../components/status';
import { useAsync } from '../../hooks/use-async';
import { serviceLabels, stageLabels, stateWithLevel } from '../../i18n/zh';

export function InboxPage() {
  const { data, error, loading, reload } = useAsync((signal) => api.inbox({}, { signal }), []);
  const [params, setParams] = useSearchParams();
  const filter = {
    service: params.get('service') ?? '',
    stage: params.get('stage') ?? '',
    township: params.get('township') ?? '',
  };

  const all = useMemo(() => sortInbox(data?.items ?? []), [data]);
  const rows = useMemo(() => filterInbox(all, filter), [all, filter.service, filter.stage, filter.township]); // eslint-disable-line react-hooks/exhaustive-deps
  const townships = useMemo(() => townshipOptions(all), [all]);
  const filtered = !!(filter.service || filter.stage || filter.township);

  function setFilter(key: keyof typeof filter, value: string) {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  }

  return (
    <section aria-labelledby="inbox-title">
      <div className="page-head">
        <h1 id="inbox-title">待办</h1>
        <button type="button" className="button button--ghost button--small" onClick={() => void reload()} disabled={loading} data-testid="inbox-refresh">
          {loading ? '刷新中…' : '刷新'}
        </button>
      </div>

      <form className="filters" role="search" aria-label="筛选待办" onSubmit={(e) => e.preventDefault()} data-testid="inbox-filters">
        <SelectField
          name="service"
          idPrefix="inbox"
          label="事项"
          value={filter.service}
          onChange={(v) => setFilter('service', v)}
          placeholder="全部事项"
          options={SERVICE_CODES.map((s) => ({ value: s, label: serviceLabels[s] }))}
          testId="filter-service"
        />
        <SelectField
          name="stage"
          idPrefix="inbox"
          label="阶段"
          value={filter.stage}
          onChange={(v) => setFilter('stage', v)}
          placeholder="全部阶段"
          options={STAGE_CODES.map((s) => ({ value: s, label: stageLabels[s] }))}
          testId="filter-stage"
        />
        <SelectField
          name="township"
          idPrefix="inbox"
          label="乡镇"
          value={filter.township}
          onChange={(v) => setFilter('township', v)}
          placeholder="全部乡镇"
          options={townships.map((t) => ({ value: t, label: t }))}
          testId="filter-township"
        />
        {filtered ? (
          <button type="button" className="button button--ghost button--small" onClick={() => setParams(new URLSearchParams(), { replace: true })}>
            清除筛选
          </button>
        ) : null}
      </form>

      {error ? <ErrorNotice error={error} onRetry={() => void reload()} /> : null}
      {!data && loading ? <Loading /> : null}

      {data?.unavailable?.length ? (
        <Banner kind="warning" testId="inbox-partial">
          以下业务暂时无法访问，待办可能不完整：{data.unavailable.map((s) => serviceLabels[s] ?? s).join('、')}。
        </Banner>
      ) : null}
      {data ? (
        <>
          <p className="summary" role="status" data-testid="inbox-summary">
            {filtered ? `筛选出 ${rows.length} 件（共 ${all.length} 件）` : `共 ${all.length} 件待办`}
            {countOverdue(rows) > 0 ? (
              <>
                ，其中 <strong className="text-danger">{countOverdue(rows)} 件逾期</strong>
              </>
            ) : null}
            ，按等待时间从早到晚排列。
          </p>
          {rows.length === 0 ? (
            <EmptyState title={filtered ? '没有符合筛选条件的待办' : '暂无待办，所有案件均已办理'} testId="inbox-empty" />
          ) : (
            <div className="table-wrap">
              <table className="table table--cards" data-testid="inbox-table">
                <caption className="visually-hidden">待办案件，按等待时间从早到晚排列</caption>
                <thead>
                  <tr>
                    <th scope="col">案件</th>
                    <th scope="col">事项</th>
                    <th scope="col">乡镇 / 村</th>
                    <th scope="col">阶段</th>
                    <th scope="col">状态</th>
                    <th scope="col">等待</th>
                    <th scope="col">办理期限</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((i) => (
                    <tr
                      key={`${i.service}/${i.caseId}`}
                      className={i.overdue ? 'is-overdue' : undefined}
                      data-testid="inbox-row"
                      data-case-id={i.caseId}
                      data-service={i.service}
                      data-overdue={i.overdue ? 'true' : 'false'}
                    >
                      <td data-label="案件">
                        <Link to={`/cases/${i.service}/${encodeURIComponent(i.caseId)}`} data-testid="inbox-link">
                          {i.title}
                        </Link>
                        {i.overdue ? (
                          <>
                            {' '}
                            <OverdueFlag />
                          </>
                        ) : null}
                      </td>
                      <td data-label="事项">{serviceLabels[i.service] ?? i.service}</td>
                      <td data-label="乡镇 / 村">
                        {i.townshipName} {i.villageName}
                      </td>
                      <td data-label="阶段">
                        <StageBadge stage={i.stage} />
                      </td>
                      <td data-label="状态">
                        {stateWithLevel(i.state, i.level)}
                      </td>
                      <td data-label="等待">
                        <time dateTime={i.waitingSince} title={formatDateTime(i.waitingSince)}>
                          {daysSince(i.waitingSince)} 天
                        </time>
                      </td>
                      <td data-label="办理期限" className={i.overdue ? 'text-danger' : undefined}>
                        {i.dueAt ? formatDate(i.dueAt) : '—'}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      ) : null}
    </section>
  );
}
