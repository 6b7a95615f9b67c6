import { type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../../../api/endpoints';
import { TextField } from '../../components/form-controls';
import { EmptyState, ErrorNotice, Loading } from '../../components/status';
import { useAsync } from '../../hooks/use-async';
import { attributeLabels, householdStatusLabels, label } from '../../i18n/zh';

/** The roster (建档立卡), searchable by the head's name or household number. */
export function HouseholdsPage() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const [text, setText] = useState(q);
  const { data, error, loading, reload } = useAsync((signal) => api.listHouseholds({ q, page }, { signal }), [q, page]);

  function search(e: FormEvent) {
    e.preventDefault();
    const next = new URLSearchParams();
    if (text.trim()) next.set('q', text.trim());
    setParams(next);
  }

  const pages = data ? Math.max(1, Math.ceil(data.total / (data.pageSize || 20))) : 1;
  const go = (p: number) => {
    const next = new URLSearchParams(params);
    next.set('page', String(p));
    setParams(next);
  };

  return (
    <section aria-labelledby="households-title">
      <h1 id="households-title">农户</h1>
      <form className="filters" role="search" aria-label="查找农户" onSubmit={search}>
        <TextField name="q" idPrefix="hh" label="户主姓名或农户编号" type="search" value={text} onChange={setText} testId="households-q" />
        <button type="submit" className="button button--small">
          查询
        </button>
      </form>
      {error ? <ErrorNotice error={error} onRetry={() => void reload()} /> : null}
      {!data && loading ? <Loading /> : null}
      {data ? (
        data.items.length === 0 ? (
          <EmptyState title="没有找到农户" />
        ) : (
          <>
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
                  {data.items.map((h) => (
                    <tr key={h.id} data-testid="household-row">
                      <td data-label="户主">
                        <Link to={`/households/${encodeURIComponent(h.id)}`}>{h.headName}</Link>
                      </td>
                      <td data-label="所在地">
                        {h.townshipName ?? h.townshipCode} {h.villageName ?? h.villageCode}
                      </td>
                      <td data-label="人口">{h.size}</td>
                      <td data-label="属性">{label(attributeLabels, h.attribute)}</td>
                      <td data-label="致贫原因">{h.povertyCause}</td>
                      <td data-label="状态">{label(householdStatusLabels, h.status)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <nav className="pager" aria-label="分页">
              <button type="button" className="button button--ghost button--small" disabled={page <= 1} onClick={() => go(page - 1)}>
                上一页
              </button>
              <span>
                第 {page} / {pages} 页
              </span>
              <button type="button" className="button button--ghost button--small" disabled={page >= pages} onClick={() => go(page + 1)}>
                下一页
              </button>
            </nav>
          </>
        )
      ) : null}
    </section>
  );
}
