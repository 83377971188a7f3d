// Registering an endpoint: its URL and the event types it wants (none: all).
import { useState, type FormEvent } from 'react';
import {
  Button,
  Caption1,
  Checkbox,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogTitle,
  Field,
  Input,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { AddRegular } from '@fluentui/react-icons';
import { useSubmit } from '../../components/hooks';
import { ProblemBar } from '../../components/ui';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { Modal } from '../../components/Modal';
import { EVENT_LABELS, EVENT_TYPES, createEndpoint, type EndpointWithSecret, type EventType } from './api';

const useStyles = makeStyles({
  surface: { maxWidth: '720px' },
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  events: { border: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  legend: { fontWeight: tokens.fontWeightSemibold, padding: 0 },
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(300px, 1fr))' },
  code: { fontFamily: tokens.fontFamilyMonospace, color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
  hint: { color: tokens.colorNeutralForeground2 },
});

export function CreateDialog({ onCreated }: { onCreated: (e: EndpointWithSecret) => void }) {
  const s = useStyles();
  const { t } = useI18n();
  const { tenantId } = useSession();
  const [open, setOpen] = useState(false);
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<EventType[]>([]);
  const create = useSubmit((key: string, u: string, e: EventType[]) => createEndpoint(tenantId, key, u, e));
  const urlError = create.fieldError('url');

  const close = () => {
    setOpen(false);
    setUrl('');
    setEvents([]);
    create.setError(null);
  };
  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    const created = await create.submit(url.trim(), events);
    if (created) {
      close();
      onCreated(created);
    }
  };
  const toggle = (e: EventType, on: boolean) => setEvents((xs) => (on ? [...xs, e] : xs.filter((x) => x !== e)));

  return (
    <>
      <Button appearance="primary" icon={<AddRegular />} onClick={() => setOpen(true)}>
        {t('webhooks.add')}
      </Button>
      <Modal open={open} onClose={close} busy={create.pending} className={s.surface}>
        <form onSubmit={(ev) => void submit(ev)}>
          <DialogBody>
            <DialogTitle>{t('webhooks.create.title')}</DialogTitle>
            <DialogContent className={s.content}>
              <ProblemBar error={create.error} shownAtField={['url']} />
              <Field
                label={t('webhooks.url')}
                required
                hint={t('webhooks.url.hint')}
                validationState={urlError ? 'error' : 'none'}
                validationMessage={urlError}
              >
                <Input name="url" inputMode="url" autoComplete="url" value={url} onChange={(_, d) => setUrl(d.value)} />
              </Field>
              <fieldset className={s.events}>
                <legend className={s.legend}>{t('webhooks.events')}</legend>
                <Caption1 className={s.hint}>{t('webhooks.events.hint')}</Caption1>
                <div className={s.grid}>
                  {EVENT_TYPES.map((e) => (
                    <Checkbox
                      key={e}
                      checked={events.includes(e)}
                      onChange={(_, d) => toggle(e, d.checked === true)}
                      label={
                        <>
                          {t(EVENT_LABELS[e])} <span className={s.code}>{e}</span>
                        </>
                      }
                    />
                  ))}
                </div>
              </fieldset>
            </DialogContent>
            <DialogActions>
              <Button type="submit" appearance="primary" disabledFocusable={create.pending}>
                {create.pending ? t('common.working') : t('webhooks.add')}
              </Button>
              <Button onClick={close}>{t('common.cancel')}</Button>
            </DialogActions>
          </DialogBody>
        </form>
      </Modal>
    </>
  );
}
