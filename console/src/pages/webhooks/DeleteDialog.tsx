// Deleting an endpoint, after confirming. It lives on the page, not in the
// endpoint's card, which goes away with the endpoint while the dialog closes.
import { useSubmit } from '../../components/hooks';
import { ProblemBar } from '../../components/ui';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { deleteEndpoint, type Endpoint } from './api';
import { ConfirmDialog } from './ConfirmDialog';

export function DeleteDialog({
  endpoint,
  onClose,
  onDeleted,
}: {
  endpoint: Endpoint | null;
  onClose: () => void;
  onDeleted: (e: Endpoint) => void;
}) {
  const { t } = useI18n();
  const { tenantId } = useSession();
  const remove = useSubmit((key: string, e: Endpoint) => deleteEndpoint({ tenantId, endpointId: e.id }, key));
  const close = () => {
    remove.setError(null);
    onClose();
  };
  const deleteNow = async (e: Endpoint) => {
    if (await remove.submit(e)) {
      close();
      onDeleted(e);
    }
  };
  return (
    <ConfirmDialog
      open={endpoint !== null}
      title={t('webhooks.delete.title')}
      confirm={t('webhooks.delete')}
      pending={remove.pending}
      onConfirm={() => endpoint && void deleteNow(endpoint)}
      onCancel={close}
    >
      <ProblemBar error={remove.error} />
      {endpoint && t('webhooks.delete.body', { url: endpoint.url })}
    </ConfirmDialog>
  );
}
