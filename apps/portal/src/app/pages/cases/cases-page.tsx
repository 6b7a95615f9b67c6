import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../../../api/endpoints';
import { SERVICE_CODES, STAGE_CODES, type ServiceCode } from '../../../api/types';
import { formatDateTime } from '../../../lib/format';
import { SelectField } from '../../components/form-controls';
import { CursorPagerNav, ListError, countLabel } from '../../components/pager';
import { EmptyState, Loading, StageBadge } from '../../components/status';
import { useAsync } from '../../hooks/use-async';
import { useCursorPager } from '../../hooks/use-cursor-pager';
import { serviceLabels, stageLabels, stateWithLevel } from '../../i18n/zh';
import { isServiceCode } from '../declare/declare-page';

const PAGE_SIZE = 20;

/** Every case of one service the caller may see, newest first, for auditors and county staff browsing. */
export function CasesPage() {
  const [params, setParams] = useSearchParams();
  const rawService = params.get('service') ?? '';
  const service: ServiceCode = isServiceCode(rawService) ? rawService : 'identification';
  const stage = params.get('stage') ?? '';
  const pager = useCursorPager();
  const cursor = pager.cursor;

  const { data, error, loading, reload } = useAsync(
    (signal) => api.listCases(service, { stage, cursor, pageSize: PAGE_SIZE }, { signal }),
    [service, stage, cursor],
  );

  /** A filter change starts the list again at its first page. */
  function update(patch: Record<string, string>) {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    next.delete('cursor');
    next.delete('page');
    setParams(next, { replace: true });
  }

  const nav = data ? (
    <CursorPagerNav
      pageNumber={pager.pageNumber}
      isFirst={pager.isFirst}
      canGoBack={pager.canGoBack}
      hasNext={!!data.nextCursor}
      busy={loading}
      onFirst={pager.first}
      onPrevious={pager.previous}
      onNext={() => data.nextCursor && pager.next(data.nextCursor)}
    />
  ) : null;

  return (
    <section aria-labelledby="cases-title">
      <h1 id="cases-title">案件</h1>
      <form className="filters" role="search" aria-label="筛选案件" onSubmit={(e) => e.preventDefault()}>
        <SelectField
          name="service"
          idPrefix="cases"
          label="事项"
          value={service}
          onChange={(v) => update({ service: v })}
          options={SERVICE_CODES.map((s) => ({ value: s, label: serviceLabels[s] }))}
          testId="filter-service"
        />
        <SelectField
          name="stage"
          idPrefix="cases"
          label="阶段"
          value={stage}
          onChange={(v) => update({ stage: v })}
          placeholder="全部阶段"
          options={STAGE_CODES.map((s) => ({ value: s, label: stageLabels[s] }))}
          testId="filter-stage"
        />
      </form>
      {error ? <ListError error={error} onRetry={() => void reload()} onFirstPage={pager.first} /> : null}
      {!data && loading ? <Loading /> : null}
      {data ? (
        data.items.length === 0 ? (
          <>
            <EmptyState title={pager.isFirst ? '没有符合条件的案件' : '这一页没有案件'} />
            {pager.isFirst ? null : nav}
          </>
        ) : (
          <>
            <p className="summary" role="status" data-testid="cases-summary">
              {countLabel(data.total, data.totalCapped, '件')}，新申报的在前{loading ? '（正在加载…）' : ''}
            </p>
            <div className="table-wrap">
              <table className="table table--cards" data-testid="cases-table">
                <thead>
                  <tr>
                    <th scope="col">案件</th>
                    <th scope="col">乡镇 / 村</th>
                    <th scope="col">阶段</th>
                    <th scope="col">状态</th>
                    <th scope="col">更新时间</th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((c) => (
                    <tr key={c.id} data-testid="case-row" data-case-id={c.id}>
                      <td data-label="案件">
                        <Link to={`/cases/${c.service ?? service}/${encodeURIComponent(c.id)}`}>{c.title || c.id}</Link>
                      </td>
                      <td data-label="乡镇 / 村">
                        {c.townshipName ?? c.townshipCode} {c.villageName ?? c.villageCode}
                      </td>
                      <td data-label="阶段">
                        <StageBadge stage={c.stage} />
                      </td>
                      <td data-label="状态">
                        {stateWithLevel(c.state, c.currentLevel)}
                      </td>
                      <td data-label="更新时间">{formatDateTime(c.updatedAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {nav}
          </>
        )
      ) : null}
    </section>
  );
}
