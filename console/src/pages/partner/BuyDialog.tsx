// A partner's purchase for a customer: billing frequency and quantity,
// billed to the partner, sent once with an Idempotency-Key.
import { Body1, Button, DialogActions, DialogBody, DialogContent, DialogTitle, makeStyles, tokens } from '@fluentui/react-components';
import type { Subscription } from '../../api/client';
import { Modal } from '../../components/Modal';
import { OFFER_FIELDS, OfferFields, useNewSubscription } from '../../components/NewSubscription';
import { Refusal } from '../../components/Refusal';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import type { Tenant } from './customer';
import type { Product } from './sellable';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

interface Props {
  product: Product;
  customer: Tenant;
  onClose: () => void;
  onDone: (s: Subscription) => void;
}

export function BuyDialog({ open, focusOnClose, ...props }: Props & { open: boolean; focusOnClose: () => HTMLElement | null }) {
  return (
    <Modal open={open} onClose={props.onClose} focusOnClose={focusOnClose}>
      <BuyForm {...props} />
    </Modal>
  );
}

function BuyForm({ product, customer, onClose, onDone }: Props) {
  const s = useStyles();
  const { t, money } = useI18n();
  const { session } = useSession();
  const buy = useNewSubscription(customer.tenantId, product.productId, product.offers);
  const isvTrial = product.publisher === 'partner' ? buy.offer?.trial : undefined;
  const confirm = async () => {
    const created = await buy.create({ trial: false });
    if (created) onDone(created);
  };

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void confirm();
      }}
    >
      <DialogBody>
        <DialogTitle>{t('partner.buy.dialog', { product: product.name, customer: customer.name })}</DialogTitle>
        <DialogContent className={s.form}>
          <OfferFields sub={buy} labels={{ frequency: t('partner.field.frequency'), quantity: t('partner.field.quantity') }} />
          {buy.price && (
            <Body1>{product.billingType === 'usage' ? t('partner.price.usage') : t('partner.buy.price', { price: money(buy.price) })}</Body1>
          )}
          {isvTrial && <Body1>{t('partner.buy.isvTrial', { days: isvTrial.days })}</Body1>}
          <Body1>{t('partner.buy.billedTo', { partner: session.tenantId })}</Body1>
          <Refusal area="partner" error={buy.error} shownAtField={OFFER_FIELDS} />
        </DialogContent>
        <DialogActions>
          <Button appearance="primary" type="submit" disabledFocusable={buy.pending}>
            {buy.pending ? t('common.working') : t('common.confirm')}
          </Button>
          <Button appearance="secondary" disabledFocusable={buy.pending} onClick={onClose}>
            {t('common.cancel')}
          </Button>
        </DialogActions>
      </DialogBody>
    </form>
  );
}
