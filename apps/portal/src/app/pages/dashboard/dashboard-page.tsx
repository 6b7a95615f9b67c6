import { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api } from '../../../api/endpoints';
import { SERVICE_CODES, STAGE_CODES, type ServiceCode } from '../../../api/types';
import { formatInteger, formatYuan } from '../../../lib/format';
import { BarChart, ProgressBar } from '../../components/charts';
import { SelectField } from '../../components/form-controls';
import { EmptyState, ErrorNotice, Loading } from '../../components/status';
import { useAsync } from '../../hooks/use-async';
import { serviceLabels, stageLabels } from '../../i18n/zh';
import { isServiceCode } from '../declare/declare-page';
import { normalizeProgress, totalsOf, townshipMatrix } from './dashboard-stats';

const YEARS = [2019, 2020];

/** 一月一调度: where every case stands, per township, and progress toward the year's exit target. */
export function DashboardPage() {
  const [params, setParams] = useSearchParams();
  const year = Number(params.get('year')) || 2019;
  const rawService = params.get('service') ?? '';
  const service: ServiceCode | '' = isServiceCode(rawService) ? rawService : '';
  const { data, error, loading, reload } = useAsync((signal) => api.progress(year, { signal }).then(normalizeProgress), [year]);

  const matrix = useMemo(() => (data ? townshipMatrix(data, service) : []), [data, service]);
  const totals = useMemo(() => totalsOf(matrix), [matrix]);

  function set(key: string, value: string) {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  }

  return (
    <section aria-labelledby="dash-title">
      <h1 id="dash-title">调度（一月一调度）</h1>
      <form className="filters" aria-label="调度范围" onSubmit={(e) => e.preventDefault()}>
        <SelectField
          name="year"
          idPrefix="dash"
          label="年度"
          value={String(year)}
          onChange={(v) => set('year', v)}
          options={YEARS.map((y) => ({ value: String(y), label: `${y} 年` }))}
          testId="dash-year"
        />
        <SelectField
          name="service"
          idPrefix="dash"
          label="事项"
          value={service}
          onChange={(v) => set('service', v)}
          placeholder="全部事项"
          options={SERVICE_CODES.map((s) => ({ value: s, label: serviceLabels[s] }))}
          testId="dash-service"
        />
      </form>
      {error?.isNotFound ? (
        <EmptyState title="调度统计暂不可用" testId="dashboard-unavailable">
          <p>统计接口尚未开放，请稍后再试。</p>
        </EmptyState>
      ) : error ? (
        <ErrorNotice error={error} onRetry={() => void reload()} />
      ) : null}
      {!data && loading ? <Loading /> : null}
      {data ? (
        <div className="dashboard" data-testid="dashboard">
          <section className="panel" aria-labelledby="dash-exit">
            <h2 id="dash-exit">{data.year} 年脱贫目标进度</h2>
            <ProgressBar
              label="脱贫户数"
              value={data.exitTarget.exitedHouseholds}
              target={data.exitTarget.households}
              unit="户"
              testId="progress-households"
            />
            <ProgressBar
              label="脱贫人数"
              value={data.exitTarget.exitedPeople}
              target={data.exitTarget.people}
              unit="人"
              testId="progress-people"
            />
            {data.exitTarget.byTownship.length > 0 ? (
              <div className="chart-pair">
                <BarChart
                  title="各乡镇已脱贫户数"
                  unit="户"
                  data={data.exitTarget.byTownship.map((t) => ({ label: t.townshipName, value: t.households }))}
                  testId="chart-exit-households"
                />
                <BarChart
                  title="各乡镇已脱贫人数"
                  unit="人"
                  data={data.exitTarget.byTownship.map((t) => ({ label: t.townshipName, value: t.people }))}
                  testId="chart-exit-people"
                />
              </div>
            ) : null}
          </section>

          <section className="panel" aria-labelledby="dash-matrix">
            <h2 id="dash-matrix">各乡镇案件分布{service ? `（${serviceLabels[service]}）` : ''}</h2>
            {matrix.length === 0 ? (
              <EmptyState title="本年度暂无案件" />
            ) : (
              <div className="table-wrap table-wrap--scroll" tabIndex={0} role="region" aria-labelledby="dash-matrix">
                <table className="table table--matrix" data-testid="stage-matrix">
                  <thead>
                    <tr>
                      <th scope="col">乡镇</th>
                      {STAGE_CODES.map((s) => (
                        <th scope="col" key={s} className="num">
                          {stageLabels[s]}
                        </th>
                      ))}
                      <th scope="col" className="num">
                        合计
                      </th>
                      <th scope="col" className="num">
                        逾期
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {matrix.map((r) => (
                      <tr key={r.townshipCode} data-testid="matrix-row">
                        <th scope="row">{r.townshipName}</th>
                        {STAGE_CODES.map((s) => (
                          <td key={s} className="num">
                            {r.byStage[s] ?? 0}
                          </td>
                        ))}
                        <td className="num">{r.total}</td>
                        <td className={'num' + (r.overdue > 0 ? ' text-danger' : '')} data-testid="matrix-overdue">
                          {r.overdue}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                  <tfoot>
                    <tr>
                      <th scope="row">合计</th>
                      {STAGE_CODES.map((s) => (
                        <td key={s} className="num">
                          {totals.byStage[s] ?? 0}
                        </td>
                      ))}
                      <td className="num">{totals.total}</td>
                      <td className={'num' + (totals.overdue > 0 ? ' text-danger' : '')}>{totals.overdue}</td>
                    </tr>
                  </tfoot>
                </table>
              </div>
            )}
            {matrix.some((r) => r.overdue > 0) ? (
              <BarChart
                title="各乡镇逾期案件数"
                unit="件"
                data={matrix.filter((r) => r.overdue > 0).map((r) => ({ label: r.townshipName, value: r.overdue }))}
                testId="chart-overdue"
              />
            ) : null}
          </section>

          <section className="panel" aria-labelledby="dash-paid">
            <h2 id="dash-paid">资金拨付</h2>
            {data.paid.length === 0 ? (
              <p className="muted">本年度暂无拨付记录。</p>
            ) : (
              <>
                <div className="table-wrap">
                  <table className="table" data-testid="paid-table">
                    <thead>
                      <tr>
                        <th scope="col">事项</th>
                        <th scope="col" className="num">
                          已拨付金额
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {data.paid.map((p) => (
                        <tr key={p.service}>
                          <th scope="row">{serviceLabels[p.service] ?? p.service}</th>
                          <td className="num">{formatYuan(p.amountFen)}</td>
                        </tr>
                      ))}
                    </tbody>
                    <tfoot>
                      <tr>
                        <th scope="row">合计</th>
                        <td className="num">{formatYuan(data.paid.reduce((s, p) => s + p.amountFen, 0))}</td>
                      </tr>
                    </tfoot>
                  </table>
                </div>
                <BarChart
                  title="各事项已拨付金额"
                  unit=" 元"
                  data={data.paid.map((p) => ({ label: serviceLabels[p.service] ?? p.service, value: Math.round(p.amountFen / 100) }))}
                  testId="chart-paid"
                />
              </>
            )}
            <p className="muted">
              {data.year} 年脱贫目标：{data.exitTarget.households} 户 {data.exitTarget.people} 人（依据《本溪满族自治县 2019 年巩固脱贫实施方案》）。
            </p>
          </section>
          <p className="muted">共 {formatInteger(totals.total)} 件案件{loading ? '（正在刷新…）' : ''}</p>
        </div>
      ) : null}
    </section>
  );
}
