import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../../../api/endpoints';
import { SelectField, TextField } from '../../components/form-controls';
import { CursorPagerNav, ListError, countLabel } from '../../components/pager';
import { EmptyState, Loading } from '../../components/status';
import { useAsync } from '../../hooks/use-async';
import { useCursorPager } from '../../hooks/use-cursor-pager';
import { attributeLabels, householdStatusLabels, label, povertyCauseLabels } from '../../i18n/zh';

const PAGE_SIZE = 200;

/**
 * The roster (建档立卡) in the caller's jurisdiction by status, newest registration first, a page
 * at a time; the name filter works on the page loaded, since the roster API has no text search.
 */
export function HouseholdsPage() {
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const pager = useCursorPager();
  const cursor = pager.cursor;
  const [text, setText] = useState('');
  const { data, error, loading, reload } = useAsync(
    (signal) => api.listHouseholds({ status, cursor, pageSize: PAGE_SIZE }, { signal }),
    [status, cursor],
  );
  const shown = useMemo(() => {
    const t = text.trim();
    const items = data?.items ?? [];
    return t ? items.filter((h) => h.headName.includes(t) || h.id.startsWith(t)) : items;
  }, [data, text]);

  /** A new status starts the roster again at its first page. */
  function setStatus(v: string) {
    const next = new URLSearchParams();
    if (v) next.set('status', v);
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
    <section aria-labelledby="households-title">
      <h1 id="households-title">农户</h1>
      <form className="filters" role="search" aria-label="查找农户" onSubmit={(e) => e.preventDefault()}>
        <SelectField
          name="status"
          idPrefix="hh"
          label="脱贫状态"
          value={status}
          onChange={setStatus}
          placeholder="全部"
          options={Object.entries(householdStatusLabels).map(([value, l]) => ({ value, label: l }))}
          testId="households-status"
        />
        <TextField name="q" idPrefix="hh" label="户主姓名或农户编号" type="search" value={text} onChange={setText} testId="households-q" />
      </form>
      {error ? <ListError error={error} onRetry={() => void reload()} onFirstPage={pager.first} /> : null}
      {!data && loading ? <Loading /> : null}
      {data ? (
        shown.length === 0 ? (
          <>
            <EmptyState title={text.trim() ? '本页没有找到农户' : pager.isFirst ? '没有找到农户' : '这一页没有农户'} />
            {pager.isFirst && !data.nextCursor ? null : nav}
          </>
        ) : (
          <>
            <p className="summary" role="status" data-testid="households-summary">
              {countLabel(data.total, data.totalCapped, '户')}
              {text.trim() ? `，本页筛选出 ${shown.length} 户` : ''}
              {loading ? '（正在加载…）' : ''}
            </p>
            <div className="table-wrap">
              <table className="table table--cards" data-testid="households-table">
                <thead>
                  <tr>
                    <th scope="col">户主</th>
                    <th scope="col">所在地</th>
                    <th scope="col">人口</th>
                    <th scope="col">属性</th>
                    <th scope="col">致贫原因</th>
                    <th scope="col">状态</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((h) => (
                    <tr key={h.id} data-testid="household-row">
                      <td data-label="户主">
                        <Link to={`/households/${encodeURIComponent(h.id)}`}>{h.headName}</Link>
                      </td>
                      <td data-label="所在地">
                        {h.townshipName ?? h.townshipCode} {h.villageName ?? h.villageCode}
                      </td>
                      <td data-label="人口">{h.size}</td>
                      <td data-label="属性">{label(attributeLabels, h.attribute)}</td>
                      <td data-label="致贫原因">{label(povertyCauseLabels, h.povertyCause)}</td>
                      <td data-label="状态">{label(householdStatusLabels, h.status)}</td>
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
