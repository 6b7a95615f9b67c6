import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../../../api/endpoints';
import { SERVICE_CODES, STAGE_CODES, type InboxItem } from '../../../api/types';
import { daysSince, formatDate, formatDateTime } from '../../../lib/format';
import { countOverdue, filterInbox, sortInbox, townshipOptions } from '../../../lib/inbox';
import { SelectField } from '../../components/form-controls';
import { ListError, LoadMoreButton } from '../../components/pager';
import { Banner, EmptyState, Loading, OverdueFlag, StageBadge } from '../../components/status';
import { useLoadMore } from '../../hooks/use-load-more';
import { serviceLabels, stageLabels, stateWithLevel } from '../../i18n/zh';

const PAGE_LIMIT = 50;

/**
 * 待办, oldest first, a page at a time: the gateway pages it, so the first page shows and
 * “加载更多” appends the next until `nextCursor` is null. Filters work on what is loaded, and the
 * summary says when more is left to load.
 */
export function InboxPage() {
  const list = useLoadMore(
    (cursor, signal) => api.inbox({ cursor, limit: PAGE_LIMIT }, { signal }),
    (i: InboxItem) => `${i.service}/${i.caseId}`,
    [],
  );
  const { pages, error, loading, hasMore } = list;
  const loaded = !!pages;
  /** A service missing from any page loaded leaves a gap in the list, so every one is named. */
  const unavailable = useMemo(() => Array.from(new Set((pages ?? []).flatMap((p) => p.unavailable))), [pages]);
  const [params, setParams] = useSearchParams();
  const filter = {
    service: params.get('service') ?? '',
    stage: params.get('stage') ?? '',
    township: params.get('township') ?? '',
  };

  const all = useMemo(() => sortInbox(list.items), [list.items]);
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
        <button type="button" className="button button--ghost button--small" onClick={() => void list.reload()} disabled={loading} data-testid="inbox-refresh">
          {loading && !list.loadingMore ? '刷新中…' : '刷新'}
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

      {error ? <ListError error={error} onRetry={() => void list.retry()} onFirstPage={() => void list.reload()} /> : null}
      {!loaded && loading ? <Loading /> : null}

      {unavailable.length ? (
        <Banner kind="warning" testId="inbox-partial">
          以下业务暂时无法访问，待办可能不完整：{unavailable.map((s) => serviceLabels[s] ?? s).join('、')}。
        </Banner>
      ) : null}
      {loaded ? (
        <>
          <p className="summary" role="status" data-testid="inbox-summary" data-more={hasMore ? 'true' : 'false'}>
            {hasMore
              ? filtered
                ? `在已加载的 ${all.length} 件中筛选出 ${rows.length} 件`
                : `已加载 ${all.length} 件待办`
              : filtered
                ? `筛选出 ${rows.length} 件（共 ${all.length} 件）`
                : `共 ${all.length} 件待办`}
            {countOverdue(rows) > 0 ? (
              <>
                ，其中 <strong className="text-danger">{countOverdue(rows)} 件逾期</strong>
              </>
            ) : null}
            ，按等待时间从早到晚排列。
            {hasMore ? '还有更多待办未加载，请点“加载更多”。' : null}
          </p>
          {rows.length === 0 ? (
            <EmptyState
              title={
                filtered
                  ? hasMore
                    ? '已加载的待办中没有符合筛选条件的'
                    : '没有符合筛选条件的待办'
                  : hasMore
                    ? '这一批没有待办，请加载更多'
                    : '暂无待办，所有案件均已办理'
              }
              testId="inbox-empty"
            />
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
          <LoadMoreButton hasMore={hasMore} loading={list.loadingMore} onLoadMore={() => void list.loadMore()} />
        </>
      ) : null}
    </section>
  );
}
