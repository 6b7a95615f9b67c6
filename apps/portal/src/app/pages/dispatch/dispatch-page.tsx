import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api } from '../../../api/endpoints';
import { SERVICE_CODES, type MonthlyDispatch, type OpenStage } from '../../../api/types';
import { formatInteger, formatYuan } from '../../../lib/format';
import { BarChart, ProgressBar } from '../../components/charts';
import { SelectField } from '../../components/form-controls';
import { ErrorNotice, Loading } from '../../components/status';
import { useAsync } from '../../hooks/use-async';
import { serviceLabels, stageLabels } from '../../i18n/zh';

const YEARS = [2019, 2020];
const MONTHS = Array.from({ length: 12 }, (_, i) => i + 1);
const OPEN: OpenStage[] = ['application', 'review', 'publicNotice', 'acceptance'];

function Figures({ r }: { r: MonthlyDispatch }) {
  const t = r.totals;
  return (
    <dl className="dl dl--grid" data-testid="dispatch-figures">
      <div className="dl__row"><dt>本月脱贫</dt><dd data-testid="fig-month-exits">{t.exits.monthHouseholds} 户 {t.exits.monthPeople} 人</dd></div>
      <div className="dl__row"><dt>在办案件</dt><dd data-testid="fig-open">{formatInteger(t.openCases)}</dd></div>
      <div className="dl__row"><dt>超期</dt><dd data-testid="fig-overdue">案件 {t.overdue.cases} · 帮扶任务 {t.overdue.tasks}</dd></div>
      <div className="dl__row"><dt>返贫预警</dt><dd data-testid="fig-flags">本月新增 {t.flags.raised} · 本月办结 {t.flags.closed} · 未办结 {t.flags.open}</dd></div>
      <div className="dl__row"><dt>已承诺资金</dt><dd data-testid="fig-committed">{formatYuan(t.money.committedFen)}</dd></div>
      <div className="dl__row"><dt>已拨付资金</dt><dd data-testid="fig-paid">{formatYuan(t.money.paidFen)}（本月 {formatYuan(t.money.paidInMonthFen)}）</dd></div>
    </dl>
  );
}

/** 一月一调度: the poverty office's monthly report per township, with charts and XLSX/PDF export. */
export function DispatchPage() {
  const [params, setParams] = useSearchParams();
  const year = Number(params.get('year')) || 2019;
  const month = Number(params.get('month')) || 12;
  const township = params.get('township') ?? '';
  const { data, error, loading, reload } = useAsync(
    (signal) => api.monthlyDispatch({ year, month, ...(township ? { township } : {}) }, { signal }),
    [year, month, township],
  );
  const [exportError, setExportError] = useState<Error>();
  const [options, setOptions] = useState<Array<{ value: string; label: string }>>([]);
  if (data && options.length === 0 && !township && data.townships.length > 1) {
    setOptions(data.townships.map((t) => ({ value: t.townshipCode, label: t.townshipName })));
  }

  function set(key: string, value: string) {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  }

  async function download(format: 'xlsx' | 'pdf') {
    setExportError(undefined);
    try {
      await api.downloadMonthlyDispatch({ year, month, format, ...(township ? { township } : {}) });
    } catch (err) {
      setExportError(err instanceof Error ? err : new Error('导出失败'));
    }
  }

  return (
    <section aria-labelledby="dispatch-title" data-testid="dispatch-page">
      <h1 id="dispatch-title">月度调度（一月一调度）</h1>
      <p className="lead">县扶贫办每月调度一次：各乡镇脱贫进度、在办与超期事项、返贫风险预警和资金拨付，数字均来自案件记录。</p>
      <form className="filters" aria-label="调度范围" onSubmit={(e) => e.preventDefault()}>
        <SelectField name="year" idPrefix="dispatch" label="年度" value={String(year)} onChange={(v) => set('year', v)} options={YEARS.map((y) => ({ value: String(y), label: `${y} 年` }))} />
        <SelectField name="month" idPrefix="dispatch" label="月份" value={String(month)} onChange={(v) => set('month', v)} options={MONTHS.map((m) => ({ value: String(m), label: `${m} 月` }))} />
        {options.length > 0 || township ? (
          <SelectField name="township" idPrefix="dispatch" label="乡镇" value={township} onChange={(v) => set('township', v)} options={[{ value: '', label: '全部乡镇' }, ...options]} />
        ) : null}
        <div className="form-actions">
          <button type="button" className="button button--secondary" onClick={() => void download('xlsx')} data-testid="dispatch-export-xlsx">导出 XLSX</button>
          <button type="button" className="button button--secondary" onClick={() => void download('pdf')} data-testid="dispatch-export-pdf">导出 PDF</button>
        </div>
      </form>
      {exportError ? <ErrorNotice error={exportError} testId="dispatch-export-error" /> : null}
      {error ? <ErrorNotice error={error} onRetry={() => void reload()} /> : null}
      {!data && loading ? <Loading /> : null}
      {data ? (
        <>
          {data.unavailable.length ? <p className="muted" data-testid="dispatch-unavailable">未响应：{data.unavailable.join('、')}（其数字暂缺）。</p> : null}
          <section className="panel" aria-labelledby="dispatch-summary">
            <h2 id="dispatch-summary">{data.year} 年 {data.month} 月</h2>
            <ProgressBar label="全县脱贫户数" value={data.totals.exits.yearHouseholds} target={data.exitTarget.households} unit="户" testId="dispatch-target-households" />
            <ProgressBar label="全县脱贫人数" value={data.totals.exits.yearPeople} target={data.exitTarget.people} unit="人" testId="dispatch-target-people" />
            <Figures r={data} />
          </section>
          <section className="panel charts" aria-label="图表">
            <BarChart title="各乡镇在办案件" data={data.townships.map((t) => ({ label: t.townshipName, value: t.openCases }))} unit="件" testId="chart-open" />
            <BarChart title="各乡镇已拨付资金（元）" data={data.townships.map((t) => ({ label: t.townshipName, value: Math.round(t.money.paidFen / 100), target: Math.round((t.money.paidFen + t.money.committedFen) / 100) }))} unit="元" testId="chart-money" />
            <BarChart title="各乡镇未办结返贫预警" data={data.townships.map((t) => ({ label: t.townshipName, value: t.flags.open }))} unit="户" testId="chart-flags" />
          </section>
          <section className="panel" aria-labelledby="dispatch-table-title">
            <h2 id="dispatch-table-title">分乡镇</h2>
            <div className="table-wrap">
              <table className="table table--compact" data-testid="dispatch-table">
                <thead>
                  <tr>
                    <th scope="col">乡镇</th>
                    <th scope="col">本月脱贫(户/人)</th>
                    <th scope="col">全年脱贫(户/人)</th>
                    {SERVICE_CODES.map((s) => (
                      <th key={s} scope="col" title={OPEN.map((st) => stageLabels[st]).join('/')}>{serviceLabels[s]}在办</th>
                    ))}
                    <th scope="col">超期(案件/任务)</th>
                    <th scope="col">预警(新增/办结/未办结)</th>
                    <th scope="col">已承诺</th>
                    <th scope="col">已拨付</th>
                  </tr>
                </thead>
                <tbody>
                  {data.townships.map((t) => (
                    <tr key={t.townshipCode} data-testid="dispatch-row" data-township={t.townshipCode}>
                      <td>{t.townshipName}</td>
                      <td>{t.exits.monthHouseholds} / {t.exits.monthPeople}</td>
                      <td>{t.exits.yearHouseholds} / {t.exits.yearPeople}</td>
                      {SERVICE_CODES.map((s) => (
                        <td key={s} title={OPEN.map((st) => `${stageLabels[st]} ${t.services[s].open[st]}`).join('，')}>
                          {OPEN.reduce((n, st) => n + t.services[s].open[st], 0)}
                        </td>
                      ))}
                      <td>{t.overdue.cases} / {t.overdue.tasks}</td>
                      <td>{t.flags.raised} / {t.flags.closed} / {t.flags.open}</td>
                      <td>{formatYuan(t.money.committedFen)}</td>
                      <td>{formatYuan(t.money.paidFen)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        </>
      ) : null}
    </section>
  );
}
