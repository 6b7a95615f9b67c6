import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../../api/client';
import { api } from '../../../api/endpoints';
import { clearDraft, loadDraft, saveDraft } from '../../../api/session';
import { SERVICE_CODES, type DeclareRequest, type ServiceCode } from '../../../api/types';
import { useAuth } from '../../auth/auth-context';
import { ErrorSummary } from '../../components/form-controls';
import { Banner, EmptyState } from '../../components/status';
import { serviceLabels } from '../../i18n/zh';
import { type Draft, type FieldErrors, draftToData, emptyDraft, normalizeFieldPath, validateDraft } from './declare-model';
import { ServiceDataFields } from './declare-fields';

const serviceIntro: Record<ServiceCode, string> = {
  identification: '新识别或返贫户纳入建档立卡：家庭成员、收入、致贫原因、两不愁三保障情况。',
  housing: '建档立卡户的危房改造：C 级补助 5,000 元，D 级补助 45,000 元，等级由县住建局鉴定。',
  medical: '“一站式”结算后年度自付合规费用 2,000 元以上部分按 50%–80% 救助，每人每年最高 10 万元。',
  education: '按学段每生每年资助：高中 2,000 元并免学杂费、中职/高职 3,000 元、大学本科 6,000 元等。',
  'exit-verification': '逐户核验收入和两不愁三保障、饮水安全；住房、医疗、教育保障由相关部门数据自动核验，户主签字确认后脱贫销号。',
};

export function isServiceCode(s: string | undefined): s is ServiceCode {
  return !!s && (SERVICE_CODES as readonly string[]).includes(s);
}

export function DeclareIndexPage() {
  return (
    <section aria-labelledby="declare-title">
      <h1 id="declare-title">申报</h1>
      <p className="lead">请选择申报事项。申报保存后可在案件页提交送审。</p>
      <ul className="card-grid">
        {SERVICE_CODES.map((s) => (
          <li key={s} className="card">
            <h2 className="card__title">
              <Link to={`/declare/${s}`} data-testid={`declare-${s}`}>
                {serviceLabels[s]}
              </Link>
            </h2>
            <p>{serviceIntro[s]}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}

const draftKey = (s: ServiceCode) => `declare.${s}`;

export function DeclarePage() {
  const { service } = useParams();
  const { user } = useAuth();
  if (!user?.village || !user.township) {
    return (
      <EmptyState title="只有村级经办人员可以申报" testId="declare-not-allowed">
        <p>案件由村两委或驻村工作队代农户申报。您可以在待办或案件列表中办理已申报的案件。</p>
      </EmptyState>
    );
  }
  if (!isServiceCode(service)) {
    return (
      <EmptyState title="没有这种申报事项">
        <Link to="/declare">返回申报事项列表</Link>
      </EmptyState>
    );
  }
  return <DeclareForm key={service} service={service} />;
}

function DeclareForm({ service }: { service: ServiceCode }) {
  const { user } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [initial] = useState(() => {
    const stored = loadDraft<Draft>(draftKey(service));
    const blank = emptyDraft(service);
    if (service === 'exit-verification' && user?.displayName) blank.values['survey.surveyedBy'] = user.displayName;
    return { draft: stored ?? blank, restored: !!stored && JSON.stringify(stored) !== JSON.stringify(blank) };
  });
  const [draft, setDraft] = useState<Draft>(initial.draft);
  const [showRestored, setShowRestored] = useState(initial.restored);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [serverError, setServerError] = useState<string>();
  const [submitting, setSubmitting] = useState(false);
  const summaryRef = useRef<HTMLDivElement>(null);

  const needsHousehold = service !== 'identification';

  useEffect(() => saveDraft(draftKey(service), draft), [service, draft]);

  // Arriving from a household page: preselect that household.
  const presetId = params.get('householdId');
  useEffect(() => {
    if (!needsHousehold || !presetId) return;
    const c = new AbortController();
    api
      .getHousehold(presetId, { signal: c.signal })
      .then((h) =>
        setDraft((d) => ({
          ...d,
          household: { id: h.id, headName: h.headName, townshipCode: h.townshipCode, villageCode: h.villageCode },
          values: { ...d.values, householdId: h.id },
        })),
      )
      .catch(() => undefined);
    return () => c.abort();
  }, [presetId, needsHousehold]);

  function focusSummary() {
    requestAnimationFrame(() => summaryRef.current?.querySelector<HTMLElement>('[data-testid="form-errors"]')?.focus());
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (submitting) return;
    setServerError(undefined);
    const found = validateDraft(service, draft);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      focusSummary();
      return;
    }
    const h = draft.household;
    const townshipCode = h?.townshipCode || user?.township || '';
    const villageCode = h?.villageCode || user?.village || '';
    const body: DeclareRequest = {
      ...(h ? { householdId: h.id } : {}),
      townshipCode,
      villageCode,
      data: draftToData(service, draft) as unknown as DeclareRequest['data'],
    };
    setSubmitting(true);
    try {
      const created = await api.declare(service, body);
      clearDraft(draftKey(service));
      navigate(`/cases/${service}/${encodeURIComponent(created.id)}`, {
        state: { flash: '申报已保存。请核对无误后点击“提交”送审。' },
      });
    } catch (err) {
      if (err instanceof ApiError) {
        if (err.statusCode === 401) return;
        if (err.field) {
          setErrors({ [normalizeFieldPath(err.field)]: err.message });
          focusSummary();
        } else {
          setServerError(err.message);
        }
      } else {
        setServerError('提交失败，请重试');
      }
    } finally {
      setSubmitting(false);
    }
  }

  function reset() {
    if (typeof window.confirm === 'function' && !window.confirm('确定清空已填写的全部内容吗？')) return;
    clearDraft(draftKey(service));
    const blank = emptyDraft(service);
    if (service === 'exit-verification' && user?.displayName) blank.values['survey.surveyedBy'] = user.displayName;
    setDraft(blank);
    setErrors({});
    setServerError(undefined);
    setShowRestored(false);
  }

  return (
    <section aria-labelledby="declare-form-title">
      <p className="breadcrumb">
        <Link to="/declare">申报</Link> / {serviceLabels[service]}
      </p>
      <h1 id="declare-form-title">{serviceLabels[service]}申报</h1>
      <p className="lead">{serviceIntro[service]}</p>
      {showRestored ? (
        <Banner kind="info" testId="draft-restored" onDismiss={() => setShowRestored(false)}>
          已恢复上次未提交的填写内容。
        </Banner>
      ) : null}
      <form className="form panel" noValidate onSubmit={onSubmit} data-testid="declare-form" aria-describedby="required-note">
        <p id="required-note" className="muted">
          带 * 的为必填项。
        </p>
        <div ref={summaryRef}>
          <ErrorSummary errors={errors} />
        </div>
        {serverError ? (
          <Banner kind="error" testId="declare-error">
            {serverError}
          </Banner>
        ) : null}
        <ServiceDataFields service={service} draft={draft} errors={errors} onChange={setDraft} village={user?.village} />
        <div className="form-actions">
          <button type="submit" className="button" disabled={submitting} data-testid="declare-submit">
            {submitting ? '正在保存…' : '保存申报'}
          </button>
          <button type="button" className="button button--ghost" onClick={reset} data-testid="declare-reset">
            清空重填
          </button>
        </div>
      </form>
    </section>
  );
}
