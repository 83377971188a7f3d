// Move every user of a subscription to another Active one, of any product
// (docs/spec.md §4.8, §15). A move of thousands of users spans several
// requests: the API answers 503 before its time limit and a retry with the
// same Idempotency-Key resumes it; meanwhile the target's assigned licenses
// show how far it got.
import { useCallback, useEffect, useState } from 'react';
import {
  Button,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogTitle,
  Field,
  ProgressBar,
  Radio,
  RadioGroup,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ApiError, api, call, retryable, type Schemas, type Subscription } from '../../api/client';
import { useLoad, useSubmit } from '../../components/hooks';
import { Loaded, ProblemBar, reasonText } from '../../components/ui';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { Modal, useModalBusy } from '../../components/Modal';
import { availableLicenses, getSubscription, isAllowed, listAllSubscriptions, type Versioned } from './subscriptions';

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

/** Resends a request interrupted by the API's time limit this many times at most. */
const MAX_ATTEMPTS = 200;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** MoveUsers, sent again with the same key while the API says to continue. */
async function moveUsers(tenantId: string, v: Versioned, targetSubscriptionId: string, key: string): Promise<Schemas['MoveUsersResult']> {
  let ifMatch = v.etag;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call(
        api.POST('/v1/tenants/{tenantId}/subscriptions/{subscriptionId}/move-users', {
          params: { path: { tenantId, subscriptionId: v.sub.id }, header: { 'Idempotency-Key': key, 'If-Match': ifMatch } },
          body: { targetSubscriptionId },
        }),
      );
    } catch (e) {
      if (!(e instanceof ApiError) || !retryable(e) || attempt >= MAX_ATTEMPTS) throw e;
      // A started move has changed the source (its ETag too); the key alone binds the resumed request.
      ifMatch = undefined;
      if (e.status !== 503) await sleep(1000);
    }
  }
}

interface Progress {
  targetId: string;
  before: number;
  total: number;
  done: number;
}

/** While a move runs: the target's assigned licenses, read every second. */
function useMoveProgress(tenantId: string) {
  const [progress, setProgress] = useState<Progress | null>(null);
  const running = progress !== null;
  const targetId = progress?.targetId;
  useEffect(() => {
    if (!running || !targetId) return;
    let live = true;
    const timer = setInterval(() => {
      getSubscription(tenantId, targetId).then(
        ({ sub }) => live && setProgress((p) => p && { ...p, done: Math.min(p.total, Math.max(p.done, sub.assignedLicenses - p.before)) }),
        () => undefined, // a missed reading only delays the bar
      );
    }, 1000);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [tenantId, running, targetId]);
  return { progress, setProgress };
}

export function MoveUsersDialog({ v, open, onClose, onDone }: { v: Versioned; open: boolean; onClose: () => void; onDone: (notice: string) => void }) {
  return (
    <Modal open={open} onClose={onClose}>
      <MoveUsersForm v={v} onClose={onClose} onDone={onDone} />
    </Modal>
  );
}

function MoveUsersForm({ v, onClose, onDone }: { v: Versioned; onClose: () => void; onDone: (notice: string) => void }) {
  const s = useStyles();
  const { t, number } = useI18n();
  const { tenantId } = useSession();
  const targets = useLoad(
    async () => (await listAllSubscriptions(tenantId, { status: 'Active' })).filter((x) => x.id !== v.sub.id && x.billingType === 'license'),
    [tenantId, v.sub.id],
  );
  const [targetId, setTargetId] = useState('');
  const { progress, setProgress } = useMoveProgress(tenantId);

  const send = useCallback(
    async (key: string, target: Subscription) => {
      const before = (await getSubscription(tenantId, target.id)).sub.assignedLicenses;
      setProgress({ targetId: target.id, before, total: v.sub.assignedLicenses, done: 0 });
      try {
        return await moveUsers(tenantId, v, target.id, key);
      } finally {
        setProgress(null);
      }
    },
    [tenantId, v, setProgress],
  );
  const { submit, pending, error, fieldError } = useSubmit(send);
  useModalBusy(pending);

  const confirm = async () => {
    const target = targets.data?.find((x) => x.id === targetId);
    if (!target) return;
    const r = await submit(target);
    if (!r) return;
    onDone(
      t('products.move.success', {
        moved: number(r.moved),
        newlyLicensed: number(r.newlyLicensed),
        target: target.productName,
        source: v.sub.productName,
      }),
    );
  };

  return (
    <>
      <DialogBody>
        <DialogTitle>{t('products.move.title', { product: v.sub.productName })}</DialogTitle>
        <DialogContent className={s.content}>
          <Text>{t('products.move.intro', { count: number(v.sub.assignedLicenses) })}</Text>
          <Loaded state={targets}>
            {(items) =>
              items.length === 0 ? (
                <Text>{t('products.move.noTargets')}</Text>
              ) : (
                <Field label={t('products.move.target')} required validationMessage={fieldError('targetSubscriptionId')}>
                  <RadioGroup value={targetId} onChange={(_, d) => setTargetId(d.value)} disabled={pending}>
                    {items.map((x) => (
                      <Radio key={x.id} value={x.id} disabled={!isAllowed(x, 'assignLicenses')} label={<TargetLabel sub={x} />} />
                    ))}
                  </RadioGroup>
                </Field>
              )
            }
          </Loaded>
          {progress && (
            <Field
              label={t('products.move.progress', { done: number(progress.done), total: number(progress.total) })}
              validationState="none"
            >
              <ProgressBar value={progress.total > 0 ? progress.done / progress.total : 0} max={1} thickness="large" />
            </Field>
          )}
          <ProblemBar error={error} shownAtField={['targetSubscriptionId']} />
        </DialogContent>
        <DialogActions>
          <Button appearance="primary" disabled={!targetId || pending} onClick={() => void confirm()}>
            {pending ? t('products.move.moving') : t('products.move.confirm')}
          </Button>
          <Button disabled={pending} onClick={onClose}>
            {t('common.cancel')}
          </Button>
        </DialogActions>
      </DialogBody>
    </>
  );
}

/** A target in words: product, purchaser, channel, free licenses — or why it can't take users. */
function TargetLabel({ sub }: { sub: Subscription }) {
  const { t, number } = useI18n();
  const reason = sub.allowedActions.find((a) => a.action === 'assignLicenses' && !a.allowed)?.reason;
  return (
    <>
    {t('products.move.targetLabel', {
      product: sub.productName,
      purchaser: sub.purchaser.name ?? sub.purchaser.userId,
      channel: t(`channel.${sub.channel}`),
      available: number(availableLicenses(sub)),
      quantity: number(sub.quantity),
    })}
    {reason && ` — ${t('common.notAllowed', { reason: reasonText(t, reason) })}`}
    </>
  );
}
