import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api } from '../../../api/endpoints';
import type { PublicNotice } from '../../../api/types';
import { formatDate, formatYuan } from '../../../lib/format';
import { SelectField } from '../../components/form-controls';
import { ListError, LoadMoreButton } from '../../components/pager';
import { EmptyState, Loading } from '../../components/status';
import { useLoadMore } from '../../hooks/use-load-more';
import { serviceLabel } from '../../i18n/zh';
import { ObjectionForm } from './objection-form';

const uniq = (xs: string[]) => Array.from(new Set(xs.filter(Boolean))).sort((a, b) => a.localeCompare(b, 'zh-CN'));

function daysLeft(endIso: string | null, now = Date.now()): number {
  if (!endIso) return 0;
  const t = new Date(endIso).getTime();
  if (Number.isNaN(t)) return 0;
  return Math.max(0, Math.ceil((t - now) / 86_400_000));
}

/**
 * Only the fields a notice may show are rendered here: name, village, household size,
 * category and amounts — never ID numbers, phone, bank account, illness or income.
 */
function NoticeCard({ n }: { n: PublicNotice }) {
  const [objecting, setObjecting] = useState(false);
  const titleId = `notice-${n.caseId}`;
  return (
    <article className="card notice" aria-labelledby={titleId} data-testid="notice-card" data-case-id={n.caseId}>
      <header className="notice__head">
        <span className="badge">{serviceLabel(n.service)}</span>
        {n.onHold ? (
          <span className="badge badge--objection-open" data-testid="notice-on-hold">
            异议核实中，公示暂停
          </span>
        ) : null}
        <h2 id={titleId} className="card__title">
          {n.title}
        </h2>
      </header>
      <dl className="dl dl--compact">
        <div className="dl__row">
          <dt>姓名</dt>
          <dd data-testid="notice-name">{n.name}</dd>
        </div>
        <div className="dl__row">
          <dt>所在地</dt>
          <dd>
            {n.townshipName} {n.villageName}
          </dd>
        </div>
        <div className="dl__row">
          <dt>家庭人口</dt>
          <dd>{n.householdSize} 人</dd>
        </div>
        <div className="dl__row">
          <dt>类别</dt>
          <dd>{n.category}</dd>
        </div>
        {(n.amounts ?? []).map((a) => (
          <div className="dl__row" key={a.label}>
            <dt>{a.label}</dt>
            <dd className="num">{formatYuan(a.amountFen)}</dd>
          </div>
        ))}
        <div className="dl__row">
          <dt>公示期</dt>
          <dd>
            <time dateTime={n.noticeStartsAt ?? undefined}>{formatDate(n.noticeStartsAt)}</time> 至{' '}
            <time dateTime={n.noticeEndsAt ?? undefined}>{formatDate(n.noticeEndsAt)}</time>
            {n.noticeEndsAt && !n.onHold ? <span className="muted">（剩余 {daysLeft(n.noticeEndsAt)} 天）</span> : null}
          </dd>
        </div>
      </dl>
      {objecting ? (
        <ObjectionForm caseId={n.caseId} onCancel={() => setObjecting(false)} />
      ) : (
        <button
          type="button"
          className="button button--secondary button--small"
          onClick={() => setObjecting(true)}
          aria-expanded={false}
          data-testid="objection-open"
        >
          对此公示提出异议
        </button>
      )}
    </article>
  );
}

const PAGE_LIMIT = 100;

/**
 * The board, oldest notice first, a page at a time: “加载更多” appends the next page until
 * `nextCursor` is null. The township and village filters work on the notices loaded.
 */
export function PublicNoticesPage() {
  const list = useLoadMore(
    (cursor, signal) => api.publicNotices({ cursor, limit: PAGE_LIMIT }, { signal }),
    (n: PublicNotice) => n.caseId,
    [],
  );
  const { error, loading, hasMore } = list;
  const loaded = !!list.pages;
  const [params, setParams] = useSearchParams();
  const township = params.get('township') ?? '';
  const village = params.get('village') ?? '';
  const all = list.items;
  const townships = useMemo(() => uniq(all.map((n) => n.townshipName)), [all]);
  const villages = useMemo(
    () => uniq(all.filter((n) => !township || n.townshipName === township).map((n) => n.villageName)),
    [all, township],
  );
  const shown = all.filter((n) => (!township || n.townshipName === township) && (!village || n.villageName === village));

  function set(patch: { township?: string; village?: string }) {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  }

  return (
    <section aria-labelledby="public-title">
      <h1 id="public-title">公示栏</h1>
      <p className="lead">
        公示期内，任何单位和个人都可以对公示内容提出异议，由负责的乡镇或县直部门核实处理。为保护个人隐私，公示内容不含身份证号、电话、银行账号、病情和收入信息。
      </p>
      <form className="filters" role="search" aria-label="按地区筛选公示" onSubmit={(e) => e.preventDefault()}>
        <SelectField
          name="township"
          idPrefix="public"
          label="乡镇（街道）"
          value={township}
          onChange={(v) => set({ township: v, village: '' })}
          placeholder="全部乡镇"
          options={townships.map((t) => ({ value: t, label: t }))}
          testId="filter-township"
        />
        <SelectField
          name="village"
          idPrefix="public"
          label="村"
          value={village}
          onChange={(v) => set({ village: v })}
          placeholder="全部村"
          options={villages.map((v) => ({ value: v, label: v }))}
          testId="filter-village"
        />
      </form>
      {error ? <ListError error={error} onRetry={() => void list.retry()} onFirstPage={() => void list.reload()} /> : null}
      {!loaded && loading ? <Loading /> : null}
      {loaded ? (
        shown.length === 0 ? (
          <EmptyState
            title={
              hasMore
                ? all.length === 0
                  ? '这一批没有公示，请加载更多'
                  : '已加载的公示中没有该地区的事项'
                : all.length === 0
                  ? '目前没有正在公示的事项'
                  : '该地区目前没有正在公示的事项'
            }
            testId="notices-empty"
          />
        ) : (
          <>
            <p className="summary" role="status" data-testid="notices-summary" data-more={hasMore ? 'true' : 'false'}>
              {hasMore
                ? township || village
                  ? `已加载 ${all.length} 项公示，其中该地区 ${shown.length} 项；还有更多未加载，请点“加载更多”。`
                  : `已加载 ${all.length} 项公示，还有更多未加载，请点“加载更多”。`
                : `正在公示 ${shown.length} 项`}
            </p>
            <div className="card-grid card-grid--notices">
              {shown.map((n) => (
                <NoticeCard key={n.caseId} n={n} />
              ))}
            </div>
          </>
        )
      ) : null}
      {loaded ? <LoadMoreButton hasMore={hasMore} loading={list.loadingMore} onLoadMore={() => void list.loadMore()} /> : null}
    </section>
  );
}
