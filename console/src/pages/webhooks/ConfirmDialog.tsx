// A yes/no question before a change that can't be taken back.
import type { ReactNode } from 'react';
import { Button, DialogActions, DialogBody, DialogContent, DialogTitle } from '@fluentui/react-components';
import { useI18n } from '../../i18n';
import { Modal } from '../../components/Modal';

export function ConfirmDialog({
  open,
  title,
  children,
  confirm,
  pending,
  onConfirm,
  onCancel,
}: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirm: string;
  pending: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  return (
    <Modal open={open} onClose={onCancel} busy={pending}>
      <DialogBody>
        <DialogTitle>{title}</DialogTitle>
        <DialogContent>{children}</DialogContent>
        <DialogActions>
          <Button appearance="primary" onClick={onConfirm} disabledFocusable={pending}>
            {pending ? t('common.working') : confirm}
          </Button>
          <Button onClick={onCancel} disabledFocusable={pending}>
            {t('common.cancel')}
          </Button>
        </DialogActions>
      </DialogBody>
    </Modal>
  );
}
