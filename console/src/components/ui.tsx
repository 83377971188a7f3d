// Building blocks every page uses.
import { useId, type ReactNode } from 'react';
import {
  Badge,
  Button,
  type ButtonProps,
  Caption1,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Title2,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import type { AllowedAction, ActionName, ApiError } from '../api/client';
import { useI18n, type Translate } from '../i18n';
import { catalog, type MessageKey } from '../i18n/catalog';
import type { Paged } from './paging';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '1200px' },
  header: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  grow: { flexGrow: 1 },
  action: { display: 'inline-flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, alignItems: 'flex-start' },
  reason: { color: tokens.colorNeutralForeground2 },
  more: { alignSelf: 'flex-start' },
});

export function Page({ title, actions, children }: { title: string; actions?: ReactNode; children: ReactNode }) {
  const s = useStyles();
  return (
    <section className={s.page} aria-labelledby="page-title">
      <div className={s.header}>
        <Title2 as="h1" id="page-title" className={s.grow}>
          {title}
        </Title2>
        {actions}
      </div>
      {children}
    </section>
  );
}

/** A problem the API answered, in words; fields shown next to their input are left out. */
export function ProblemBar({ error, shownAtField }: { error: ApiError | null | undefined; shownAtField?: string[] }) {
  const { t } = useI18n();
  if (!error) return null;
  if (error.problem.field && shownAtField?.includes(error.problem.field)) return null;
  const detail =
    error.code === 'network' ? t('problem.network') : error.status === 401 ? t('problem.signInAgain') : error.problem.detail;
  return (
    <MessageBar intent="error" role="alert" data-code={error.code}>
      <MessageBarBody>
        <MessageBarTitle>{t('common.error')}</MessageBarTitle>
        {detail}
      </MessageBarBody>
    </MessageBar>
  );
}

export function Loading() {
  const { t } = useI18n();
  return <Spinner size="small" label={t('common.loading')} />;
}

/** Loading, error or the content. */
export function Loaded<T>({
  state,
  children,
}: {
  state: { data?: T; error?: ApiError; loading: boolean };
  children: (data: T) => ReactNode;
}) {
  if (state.error) return <ProblemBar error={state.error} />;
  if (state.data === undefined) return <Loading />;
  return <>{children(state.data)}</>;
}

/**
 * A list read page by page (usePaged): the problem of its last request, the
 * items read so far, then a spinner while a page loads or "Load more".
 */
export function PagedList<T>({ list, children }: { list: Paged<T>; children: (items: T[]) => ReactNode }) {
  const s = useStyles();
  const { t } = useI18n();
  return (
    <>
      <ProblemBar error={list.error} />
      {list.items && children(list.items)}
      {list.loading ? (
        <Loading />
      ) : (
        list.hasMore && (
          <Button className={s.more} onClick={list.more}>
            {t('common.more')}
          </Button>
        )
      )}
    </>
  );
}

/** Why an action is not allowed, in words, whatever error code the API gives. */
export function reasonText(t: Translate, code: string | undefined): string {
  const key = `reason.${code ?? 'forbidden'}`;
  return key in catalog.en ? t(key as MessageKey) : t('reason.other');
}

/**
 * A button for one of a subscription's allowedActions: enabled when the API
 * says it is allowed now, otherwise disabled with the reason in words.
 */
export function ActionButton({
  actions,
  action,
  label,
  appearance,
  disabled,
  onClick,
}: {
  actions: AllowedAction[];
  action: ActionName;
  label?: string;
  appearance?: ButtonProps['appearance'];
  disabled?: boolean;
  onClick?: () => void;
}) {
  const s = useStyles();
  const { t } = useI18n();
  const reasonId = useId();
  const a = actions.find((x) => x.action === action);
  const allowed = a?.allowed ?? false;
  return (
    <span className={s.action}>
      <Button
        appearance={appearance}
        onClick={onClick}
        disabled={!allowed || disabled}
        aria-describedby={allowed ? undefined : reasonId}
        data-action={action}
      >
        {label ?? t(`action.${action}` as MessageKey)}
      </Button>
      {!allowed && (
        <Caption1 id={reasonId} className={s.reason} data-reason={a?.reason ?? 'forbidden'}>
          {t('common.notAllowed', { reason: reasonText(t, a?.reason) })}
        </Caption1>
      )}
    </span>
  );
}

const statusColor = {
  Trial: 'informative',
  Active: 'success',
  PastDue: 'severe',
  Suspended: 'warning',
  Expired: 'subtle',
  Deleted: 'danger',
} as const;

export function StatusBadge({ status }: { status: keyof typeof statusColor }) {
  const { t } = useI18n();
  return (
    <Badge appearance="tint" color={statusColor[status]}>
      {t(`status.${status}` as MessageKey)}
    </Badge>
  );
}
