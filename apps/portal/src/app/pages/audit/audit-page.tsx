import { type FormEvent, useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../../api/client';
import { api } from '../../../api/endpoints';
import type { AuditTrail, AuditVerifyResult, RevealLogEntry } from '../../../api/types';
import { formatDateTime } from '../../../lib/format';
import { TextField } from '../../components/form-controls';
import { Banner, ErrorNotice, Loading } from '../../components/status';
import { actionLabel, levelLabel, personalDataKindLabels, roleLabel, serviceLabel, stateLabel } from '../../i18n/zh';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function Trail({ trail }: { trail: AuditTrail }) {
  return (
    <section className="panel" aria-labelledby="audit-trail-title">
      <h2 id="audit-trail-title">
        审计记录 <span className="badge">{serviceLabel(trail.service)}</span>{' '}
        <Link to={`/cases/${trail.service}/${encodeURIComponent(trail.caseId)}`}>查看案件</Link>
      </h2>
      {trail.chain.ok ? (
        <Banner kind="success" testId="audit-chain-ok">
          哈希链完整：共 {trail.chain.rows} 条记录，逐条校验一致。
        </Banner>
      ) : (
        <Banner kind="error" testId="audit-chain-broken">
          哈希链断裂：第 {trail.chain.brokenAt.seq} 条记录不一致（{trail.chain.brokenAt.reason}）。
        </Banner>
      )}
      <div className="table-wrap">
        <table className="table table--cards" data-testid="audit-trail">
          <thead>
            <tr>
              <th scope="col">序号</th>
              <th scope="col">时间</th>
              <th scope="col">操作人</th>
              <th scope="col">操作</th>
              <th scope="col">状态变化</th>
              <th scope="col">意见</th>
              <th scope="col">哈希</th>
            </tr>
          </thead>
          <tbody>
            {trail.items.map((r) => {
              const broken = !trail.chain.ok && trail.chain.brokenAt.id === r.id;
              return (
                <tr key={r.id} data-testid="audit-row" data-seq={r.seq} data-broken={broken || undefined}>
                  <td data-label="序号">{r.seq}</td>
                  <td data-label="时间">{formatDateTime(r.at)}</td>
                  <td data-label="操作人">
                    {r.actorName || r.actorId}
                    <span className="muted">
                      {' '}
                      · {roleLabel(r.role)}
                      {r.level ? ` · ${levelLabel(r.level)}级` : ''}
                    </span>
                  </td>
                  <td data-label="操作">{actionLabel(r.action)}</td>
                  <td data-label="状态变化">
                    {r.fromState ? `${stateLabel(r.fromState)} → ` : ''}
                    {stateLabel(r.toState)}
                  </td>
                  <td data-label="意见">{r.comment || '—'}</td>
                  <td data-label="哈希">
                    <code title={r.hash}>{r.hash.slice(0, 12)}…</code>
                    {broken ? <span className="badge badge--fail">断裂</span> : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function VerifyResult({ result }: { result: AuditVerifyResult }) {
  return (
    <div data-testid="audit-verify-result" data-ok={String(result.ok)}>
      {result.ok ? (
        <Banner kind="success" testId="audit-verify-ok">
          全部审计链校验通过（{formatDateTime(result.verifiedAt)}）。
        </Banner>
      ) : (
        <Banner kind="error" testId="audit-verify-failed">
          {result.firstBroken
            ? `发现断裂：${serviceLabel(result.firstBroken.service)} 案件 ${result.firstBroken.caseId} 第 ${result.firstBroken.seq} 条（${result.firstBroken.reason}）。`
            : '部分业务未能校验。'}
          {result.unavailable.length ? ` 未应答的业务：${result.unavailable.map(serviceLabel).join('、')}。` : ''}
        </Banner>
      )}
      <div className="table-wrap">
        <table className="table table--compact">
          <thead>
            <tr>
              <th scope="col">业务</th>
              <th scope="col">案件数</th>
              <th scope="col">记录数</th>
              <th scope="col">结论</th>
            </tr>
          </thead>
          <tbody>
            {result.services.map((s) => (
              <tr key={s.service} data-testid="audit-verify-service" data-service={s.service} data-ok={String(s.ok)}>
                <td>{serviceLabel(s.service)}</td>
                <td>{s.cases}</td>
                <td>{s.rows}</td>
                <td>
                  <span className={s.ok ? 'badge badge--ok' : 'badge badge--fail'}>
                    {s.ok ? '完整' : `断裂 ${s.broken.length} 个案件`}
                  </span>
                </td>
              </tr>
            ))}
            {result.unavailable.map((s) => (
              <tr key={s} data-testid="audit-verify-service" data-service={s} data-ok="unavailable">
                <td>{serviceLabel(s)}</td>
                <td>—</td>
                <td>—</td>
                <td>
                  <span className="badge badge--pending">未应答</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** Who revealed which masked personal field, why and when (the case's reveals, or the latest ones). */
function Reveals({ caseId }: { caseId?: string }) {
  const [items, setItems] = useState<RevealLogEntry[]>();
  const [error, setError] = useState<Error>();
  useEffect(() => {
    const controller = new AbortController();
    setItems(undefined);
    setError(undefined);
    api
      .reveals({ caseId, pageSize: 50 }, { signal: controller.signal })
      .then((r) => setItems(r.items))
      .catch((err) => {
        if (!controller.signal.aborted) setError(err instanceof Error ? err : new Error('查询失败'));
      });
    return () => controller.abort();
  }, [caseId]);
  return (
    <section className="panel" aria-labelledby="audit-reveals-title">
      <h2 id="audit-reveals-title">个人信息查看记录{caseId ? '（本案件）' : '（最近 50 条）'}</h2>
      <p className="muted">案件中的身份证号、收入、病情等个人信息默认脱敏；经办人员每次查看原文都须说明原因，并记录于此（不记录内容本身）。</p>
      {error ? <ErrorNotice error={error} testId="audit-reveals-error" /> : null}
      {items === undefined && !error ? <Loading /> : null}
      {items && items.length === 0 ? <p className="muted" data-testid="audit-reveals-empty">暂无查看记录。</p> : null}
      {items && items.length > 0 ? (
        <div className="table-wrap">
          <table className="table table--compact" data-testid="audit-reveals">
            <thead>
              <tr>
                <th scope="col">时间</th>
                <th scope="col">查看人</th>
                <th scope="col">案件</th>
                <th scope="col">字段</th>
                <th scope="col">原因</th>
              </tr>
            </thead>
            <tbody>
              {items.map((r) => (
                <tr key={r.id} data-testid="audit-reveal-row">
                  <td>{formatDateTime(r.at)}</td>
                  <td>
                    {r.actorName || r.actorId}
                    <span className="muted"> · {roleLabel(r.role)}</span>
                  </td>
                  <td>
                    <Link to={`/cases/${r.service}/${encodeURIComponent(r.caseId)}`}>{serviceLabel(r.service)}</Link>
                  </td>
                  <td>
                    {personalDataKindLabels[r.kind] ?? r.kind} <code>{r.field}</code>
                  </td>
                  <td>{r.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

/** 审计 (auditors, read-only): one case's hash-chained trail, and re-verification of every chain. */
export function AuditPage() {
  const [params, setParams] = useSearchParams();
  const [caseId, setCaseId] = useState(params.get('caseId') ?? '');
  const [fieldError, setFieldError] = useState<string>();
  const [trail, setTrail] = useState<AuditTrail>();
  const [trailError, setTrailError] = useState<ApiError | Error>();
  const [loadingTrail, setLoadingTrail] = useState(false);
  const [verify, setVerify] = useState<AuditVerifyResult>();
  const [verifyError, setVerifyError] = useState<ApiError | Error>();
  const [verifying, setVerifying] = useState(false);

  async function search(e: FormEvent) {
    e.preventDefault();
    const id = caseId.trim();
    setTrail(undefined);
    setTrailError(undefined);
    if (!UUID.test(id)) {
      setFieldError('请输入案件编号（UUID）');
      return;
    }
    setFieldError(undefined);
    setParams({ caseId: id }, { replace: true });
    setLoadingTrail(true);
    try {
      setTrail(await api.auditTrail(id));
    } catch (err) {
      if (err instanceof ApiError && err.isNotFound) setTrailError(new Error('没有找到该案件的审计记录。'));
      else setTrailError(err instanceof Error ? err : new Error('查询失败'));
    } finally {
      setLoadingTrail(false);
    }
  }

  async function runVerify() {
    setVerifying(true);
    setVerifyError(undefined);
    try {
      setVerify(await api.verifyAudit());
    } catch (err) {
      setVerifyError(err instanceof Error ? err : new Error('校验失败'));
    } finally {
      setVerifying(false);
    }
  }

  return (
    <section aria-labelledby="audit-title" data-testid="audit-page">
      <h1 id="audit-title">审计</h1>
      <p className="lead">只读。每个业务的流转记录按哈希链保存，可查看单个案件的完整记录，也可重新校验全部审计链。</p>

      <form className="form panel" noValidate onSubmit={search} data-testid="audit-search-form">
        <TextField
          name="caseId"
          label="案件编号"
          required
          value={caseId}
          onChange={setCaseId}
          error={fieldError}
          testId="audit-case-id"
          placeholder="例如 3f2a…（案件页地址中的编号）"
        />
        <div className="form-actions">
          <button type="submit" className="button" disabled={loadingTrail} data-testid="audit-search">
            查询审计记录
          </button>
        </div>
      </form>
      {loadingTrail ? <Loading /> : null}
      {trailError ? <ErrorNotice error={trailError} testId="audit-error" /> : null}
      {trail ? <Trail trail={trail} /> : null}
      <Reveals caseId={trail?.caseId} />

      <section className="panel" aria-labelledby="audit-verify-title">
        <h2 id="audit-verify-title">审计链校验</h2>
        <p className="muted">各业务重新计算全部案件的哈希链，并指出第一条不一致的记录。</p>
        <button type="button" className="button" disabled={verifying} onClick={() => void runVerify()} data-testid="audit-verify">
          {verifying ? '正在校验…' : '校验全部审计链'}
        </button>
        {verifyError ? <ErrorNotice error={verifyError} testId="audit-verify-error" /> : null}
        {verify ? <VerifyResult result={verify} /> : null}
      </section>
    </section>
  );
}
