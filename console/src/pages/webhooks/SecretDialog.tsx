// An endpoint's signing secret, shown once: after CreateWebhookEndpoint or
// RotateWebhookSecret. Closing the dialog drops it.
import { useState } from 'react';
import {
  Button,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogTitle,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { CopyRegular } from '@fluentui/react-icons';
import { useI18n } from '../../i18n';
import type { EndpointWithSecret } from './api';
import { Modal } from '../../components/Modal';

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  secret: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-end' },
  field: { flexGrow: 1 },
  input: { fontFamily: tokens.fontFamilyMonospace },
});

/** The secret while shown is set; onClose drops it (the parent sets shown to null). */
export function SecretDialog({ shown, onClose }: { shown: EndpointWithSecret | null; onClose: () => void }) {
  return (
    <Modal open={shown !== null} onClose={onClose}>
      {shown && <SecretBody endpoint={shown} onClose={onClose} />}
    </Modal>
  );
}

function SecretBody({ endpoint, onClose }: { endpoint: EndpointWithSecret; onClose: () => void }) {
  const s = useStyles();
  const { t } = useI18n();
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const copy = () =>
    navigator.clipboard.writeText(endpoint.secret).then(
      () => setCopied('yes'),
      () => setCopied('failed'),
    );
  return (
    <DialogBody>
      <DialogTitle>{t('webhooks.secret.title')}</DialogTitle>
      <DialogContent className={s.content}>
        <MessageBar intent="warning">
          <MessageBarBody>{t('webhooks.secret.warning')}</MessageBarBody>
        </MessageBar>
        <div className={s.secret}>
          <Field label={t('webhooks.secret.for', { url: endpoint.url })} className={s.field}>
            <Input readOnly value={endpoint.secret} input={{ className: s.input }} onFocus={(e) => e.currentTarget.select()} />
          </Field>
          <Button icon={<CopyRegular />} onClick={() => void copy()}>
            {t('webhooks.secret.copy')}
          </Button>
        </div>
        <Text role="status">
          {copied === 'yes' ? t('webhooks.secret.copied') : copied === 'failed' ? t('webhooks.secret.copyFailed') : ''}
        </Text>
        <Text>{t('webhooks.secret.use')}</Text>
      </DialogContent>
      <DialogActions>
        <Button appearance="primary" onClick={onClose}>
          {t('common.close')}
        </Button>
      </DialogActions>
    </DialogBody>
  );
}
