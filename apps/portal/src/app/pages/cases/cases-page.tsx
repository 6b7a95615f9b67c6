import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../../../api/endpoints';
import { SERVICE_CODES, STAGE_CODES, type ServiceCode } from '../../../api/types';
import { formatDateTime } from '../../../lib/format';
import { SelectField } from '../../components/form-controls';
import { EmptyState, ErrorNotice, Loading, StageBadge } from '../../components/status';
import { useAsync } from '../../hooks/use-async';
import { serviceLabels, stageLabels, stateWithLevel } from '../../i18n/zh';
import { isServiceCode } from '../declare/declare-page';

const PAGE_SIZE = 20;

/** Every case of one service the caller may see, for auditors and county staff browsing. */
export function CasesPage() {
  const [params, setParams] = useSearchParams();
  const rawService = params.get('service') ?? '';
  const service: ServiceCode = isServiceCode(rawService) ? rawService : 'identification';
  const stage = params.get('stage') ?? '';
  const page = Math.max(1, Number(params.get('page')) || 1);

  const { data, error, loading, reload } = useAsync(
    (signal) => api.listCases(service, { stage, page, pageSize: PAGE_SIZE }, { signal }),
    [service, stage, page],
  );

  function update(patch: Record<string, string>) {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!('page' in patch)) next.delete('page');
    setParams(next, { replace: !('page' in patch) });
  }

  const pages = data ? Math.max(1, Math.ceil(data.total / (data.pageSize || PAGE_SIZE))) : 1;

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
      {error ? <ErrorNotice error={error} onRetry={() => void reload()} /> : null}
      {!data && loading ? <Loading /> : null}
      {data ? (
        data.items.length === 0 ? (
          <EmptyState title="没有符合条件的案件" />
        ) : (
          <>
            <p className="summary" role="status">
              共 {data.total} 件{loading ? '（正在刷新…）' : ''}
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
            <nav className="pager" aria-label="分页">
              <button type="button" className="button button--ghost button--small" disabled={page <= 1} onClick={() => update({ page: String(page - 1) })}>
                上一页
              </button>
              <span>
                第 {page} / {pages} 页
              </span>
              <button type="button" className="button button--ghost button--small" disabled={page >= pages} onClick={() => update({ page: String(page + 1) })}>
                下一页
              </button>
            </nav>
          </>
        )
      ) : null}
    </section>
  );
}
