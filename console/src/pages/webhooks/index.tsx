// Webhooks (docs/spec.md §8, §13): the caller's endpoints (every endpoint of
// the tenant for its admins), each with a test event, secret rotation,
// deletion and its deliveries. A secret is shown once, in a dialog.
import { useState } from 'react';
import { MessageBar, MessageBarBody, Text } from '@fluentui/react-components';
import { usePaged } from '../../components/paging';
import { Page, PagedList } from '../../components/ui';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { endpointsPage, type Endpoint, type EndpointWithSecret } from './api';
import { CreateDialog } from './CreateDialog';
import { DeleteDialog } from './DeleteDialog';
import { EndpointCard } from './EndpointCard';
import { SecretDialog } from './SecretDialog';

export function Webhooks() {
  const { t } = useI18n();
  const { tenantId } = useSession();
  const list = usePaged((cursor) => endpointsPage(tenantId, cursor), [tenantId]);
  const [secret, setSecret] = useState<EndpointWithSecret | null>(null);
  const [deleting, setDeleting] = useState<Endpoint | null>(null);
  const [deleted, setDeleted] = useState<string | null>(null);

  const onCreated = (e: EndpointWithSecret) => {
    setDeleted(null);
    setSecret(e);
    list.reload();
  };

  return (
    <Page title={t('nav.webhooks')} actions={<CreateDialog onCreated={onCreated} />}>
      <Text>{t('webhooks.intro')}</Text>
      {deleted && (
        <MessageBar intent="success" role="status">
          <MessageBarBody>{t('webhooks.deleted', { url: deleted })}</MessageBarBody>
        </MessageBar>
      )}
      <PagedList list={list}>
        {(items) =>
          items.length === 0 ? (
            <Text>{t('webhooks.empty')}</Text>
          ) : (
            items.map((e) => (
              <EndpointCard
                key={e.id}
                endpoint={e}
                onSecret={setSecret}
                onDelete={(e) => {
                  setDeleted(null);
                  setDeleting(e);
                }}
              />
            ))
          )
        }
      </PagedList>
      <SecretDialog shown={secret} onClose={() => setSecret(null)} />
      <DeleteDialog
        endpoint={deleting}
        onClose={() => setDeleting(null)}
        onDeleted={(gone) => {
          setDeleted(gone.url);
          list.reload();
        }}
      />
    </Page>
  );
}
