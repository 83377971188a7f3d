// Self-service purchase policy (docs/spec.md §3, seeds 004 and 001): the
// AllowSelfServicePurchase value of every eligible product, as the Microsoft
// 365 admin center and the MSCommerce module show it. Tenant admins change
// it; partner agents read it.
import { useCallback, useState } from 'react';
import {
  Button,
  Caption1,
  Field,
  MessageBar,
  MessageBarBody,
  SearchBox,
  Select,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { api, call, type ApiError, type Schemas } from '../../api/client';
import { useLoad, useSubmit } from '../../components/hooks';
import { Loaded, Page, ProblemBar } from '../../components/ui';
import { useI18n } from '../../i18n';
import { useSession, useWho } from '../../session';

type ProductPolicy = Schemas['ProductPolicy'];
type PolicyValue = Schemas['PolicyValue'];

const POLICY = 'AllowSelfServicePurchase';
const VALUES: PolicyValue[] = ['Enabled', 'OnlyTrialsWithoutPaymentMethod', 'Disabled'];

function isPolicyValue(v: string): v is PolicyValue {
  return (VALUES as string[]).includes(v);
}

const useStyles = makeStyles({
  table: { tableLayout: 'auto' },
  search: { maxWidth: '360px' },
  value: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', paddingBlock: tokens.spacingVerticalXS },
  readOnly: { display: 'flex', flexDirection: 'column' },
  hint: { color: tokens.colorNeutralForeground2 },
  id: { fontFamily: tokens.fontFamilyMonospace },
});

export function Policy() {
  const { t } = useI18n();
  const { tenantId } = useSession();
  const who = useWho();
  const list = useLoad(
    () => call(api.GET('/v1/tenants/{tenantId}/policies/{policyId}/products', { params: { path: { tenantId, policyId: POLICY } } })),
    [tenantId],
  );
  const [query, setQuery] = useState('');
  const [saved, setSaved] = useState<Record<string, ProductPolicy>>({});
  const [lastSaved, setLastSaved] = useState<ProductPolicy | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [refused, setRefused] = useState(false);
  const canChange = who.admin && !refused;

  const onSaved = useCallback((p: ProductPolicy) => {
    setSaved((s) => ({ ...s, [p.productId]: p }));
    setLastSaved(p);
  }, []);
  const onSaving = useCallback(() => {
    setError(null);
    setLastSaved(null);
  }, []);
  const onFailed = useCallback((e: ApiError) => {
    setError(e);
    // The API refused the change (e.g. a partner agent): show the values read-only.
    if (e.status === 403) setRefused(true);
  }, []);

  return (
    <Page title={t('nav.policy')}>
      <Text>{t('policy.intro')}</Text>
      {!canChange && (
        <MessageBar intent="info">
          <MessageBarBody>{t('policy.readOnly')}</MessageBarBody>
        </MessageBar>
      )}
      <ProblemBar error={error} />
      {lastSaved && (
        <MessageBar intent="success" role="status">
          <MessageBarBody>
            {t('policy.saved', { product: lastSaved.productName, value: t(`policy.value.${lastSaved.policyValue}`) })}
          </MessageBarBody>
        </MessageBar>
      )}
      <Loaded state={list}>
        {(data) => (
          <>
            <SearchField query={query} setQuery={setQuery} />
            <PolicyTable
              items={data.items.map((p) => saved[p.productId] ?? p)}
              query={query}
              canChange={canChange}
              handlers={{ onSaved, onSaving, onFailed }}
            />
          </>
        )}
      </Loaded>
    </Page>
  );
}

function SearchField({ query, setQuery }: { query: string; setQuery: (q: string) => void }) {
  const s = useStyles();
  const { t } = useI18n();
  return (
    <Field label={t('policy.search')} className={s.search}>
      <SearchBox value={query} onChange={(_, d) => setQuery(d.value)} />
    </Field>
  );
}

interface RowHandlers {
  onSaving: () => void;
  onSaved: (p: ProductPolicy) => void;
  onFailed: (e: ApiError) => void;
}

function PolicyTable({
  items,
  query,
  canChange,
  handlers,
}: {
  items: ProductPolicy[];
  query: string;
  canChange: boolean;
  handlers: RowHandlers;
}) {
  const s = useStyles();
  const { t } = useI18n();
  const q = query.trim().toLocaleLowerCase();
  const shown = q ? items.filter((p) => p.productName.toLocaleLowerCase().includes(q)) : items;
  if (shown.length === 0) return <Text role="status">{t('policy.noMatch', { query: query.trim() })}</Text>;
  return (
    <Table aria-label={t('policy.table')} className={s.table}>
      <TableHeader>
        <TableRow>
          <TableHeaderCell>{t('policy.col.name')}</TableHeaderCell>
          <TableHeaderCell>{t('policy.col.id')}</TableHeaderCell>
          <TableHeaderCell>{t('policy.col.value')}</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {shown.map((p) => (
          <PolicyRow key={p.productId} policy={p} canChange={canChange} handlers={handlers} />
        ))}
      </TableBody>
    </Table>
  );
}

function PolicyRow({ policy, canChange, handlers }: { policy: ProductPolicy; canChange: boolean; handlers: RowHandlers }) {
  const s = useStyles();
  return (
    <TableRow data-product={policy.productId}>
      <TableCell>{policy.productName}</TableCell>
      <TableCell className={s.id}>{policy.productId}</TableCell>
      <TableCell>{canChange ? <ValueEditor policy={policy} handlers={handlers} /> : <ValueText policy={policy} />}</TableCell>
    </TableRow>
  );
}

function ValueText({ policy }: { policy: ProductPolicy }) {
  const s = useStyles();
  const { t } = useI18n();
  return (
    <span className={s.readOnly}>
      <Text>{t(`policy.value.${policy.policyValue}`)}</Text>
      {policy.isDefault && <Caption1 className={s.hint}>{t('policy.default')}</Caption1>}
    </span>
  );
}

/** A product's value: a choice of the three and Save (PUT …/products/{productId}). */
function ValueEditor({ policy, handlers }: { policy: ProductPolicy; handlers: RowHandlers }) {
  const s = useStyles();
  const { t } = useI18n();
  const { tenantId } = useSession();
  const [value, setValue] = useState<PolicyValue>(policy.policyValue);
  const save = useSubmit(
    (key: string, policyValue: PolicyValue) =>
      call(
        api.PUT('/v1/tenants/{tenantId}/policies/{policyId}/products/{productId}', {
          params: { path: { tenantId, policyId: POLICY, productId: policy.productId }, header: { 'Idempotency-Key': key } },
          body: { policyValue },
        }),
      ),
    handlers.onFailed,
  );
  const submit = async () => {
    handlers.onSaving();
    const p = await save.submit(value);
    if (p) handlers.onSaved(p);
  };
  const hintId = `policy-default-${policy.productId}`;
  return (
    <span className={s.value}>
      <Select
        aria-label={t('policy.valueFor', { product: policy.productName })}
        aria-describedby={policy.isDefault ? hintId : undefined}
        value={value}
        onChange={(_, d) => isPolicyValue(d.value) && setValue(d.value)}
        disabled={save.pending}
      >
        {VALUES.map((v) => (
          <option key={v} value={v}>
            {t(`policy.value.${v}`)}
          </option>
        ))}
      </Select>
      <Button appearance="primary" onClick={() => void submit()} disabledFocusable={save.pending || value === policy.policyValue}>
        {save.pending ? t('common.working') : t('common.save')}
      </Button>
      {policy.isDefault && (
        <Caption1 id={hintId} className={s.hint}>
          {t('policy.default')}
        </Caption1>
      )}
    </span>
  );
}
