// The console's one modal dialog: a Fluent Dialog that exists only from its
// opening until its closing motion has ended. Unmounted while open, it would
// leave the page aria-hidden; left mounted while closed, it would keep
// Tabster's focus-trap elements in the page (axe: aria-hidden-focus). So
// closing goes through open={false}, and once the surface has gone, focus
// goes back to where it belongs (focusOnClose, else what opened the dialog,
// else the main region), which also makes Fluent's focus manager give the
// page back to assistive technology, and only then does the Dialog unmount.
// The content mounts afresh at each opening; while a request of the dialog
// is on its way (busy, or useModalBusy inside), it can't be dismissed.
import { Fragment, createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { Dialog, DialogSurface, type DialogSurfaceProps } from '@fluentui/react-components';

type SetBusy = (busy: boolean) => void;

const BusyCtx = createContext<SetBusy>(() => {});

/** Inside a Modal's content: while busy, Escape and clicks outside don't close the dialog. */
export function useModalBusy(busy: boolean): void {
  const setBusy = useContext(BusyCtx);
  useEffect(() => {
    setBusy(busy);
    return () => setBusy(false);
  }, [busy, setBusy]);
}

/** Calls onGone when the surface holding it unmounts (after the closing motion). */
function SurfaceSentinel({ onGone }: { onGone: () => void }) {
  useEffect(() => onGone, [onGone]);
  return null;
}

function focusable(e: Element | null | undefined): e is HTMLElement {
  return e instanceof HTMLElement && e.isConnected && e !== document.body && !e.matches(':disabled, [data-tabster-dummy]');
}

export function Modal({
  open,
  onClose,
  busy = false,
  focusOnClose,
  className,
  children,
}: {
  open: boolean;
  onClose: () => void;
  /** While busy (the owner's request on its way), Escape and clicks outside don't close it. */
  busy?: boolean;
  /** What takes the focus once the dialog is gone; when it gives nothing focusable, what opened the dialog does. */
  focusOnClose?: () => HTMLElement | null | undefined;
  className?: DialogSurfaceProps['className'];
  children: ReactNode;
}) {
  const [present, setPresent] = useState(open);
  // Each opening gets fresh content, even one during the previous closing motion.
  const [opening, setOpening] = useState({ open, n: 0 });
  if (open !== opening.open) {
    setOpening({ open, n: open ? opening.n + 1 : opening.n });
    if (open) setPresent(true);
  }
  const opener = useRef<Element | null>(null);
  const contentBusy = useRef(false);
  const isOpen = useRef(open);
  const afterClose = useRef(focusOnClose);
  useEffect(() => {
    isOpen.current = open;
    afterClose.current = focusOnClose;
  });

  const setBusy = useCallback((b: boolean) => {
    contentBusy.current = b;
  }, []);
  const gone = useCallback(() => {
    if (isOpen.current) return;
    // Unless focus went somewhere already (another dialog opening).
    const lost = !document.activeElement || document.activeElement === document.body;
    if (lost) {
      const wanted = afterClose.current?.();
      (focusable(wanted) ? wanted : focusable(opener.current) ? opener.current : document.getElementById('main'))?.focus();
    }
    opener.current = null;
    setPresent(false);
  }, []);

  if (!present) return null;
  return (
    <Dialog
      open={open}
      modalType="modal"
      onOpenChange={(_, d) => {
        if (!d.open && !busy && !contentBusy.current) onClose();
      }}
    >
      <DialogSurface
        className={className}
        onFocus={(e) => {
          // The first focus coming from outside tells what opened the dialog.
          if (!opener.current && e.relatedTarget && !e.currentTarget.contains(e.relatedTarget)) opener.current = e.relatedTarget;
        }}
      >
        <SurfaceSentinel onGone={gone} />
        <BusyCtx.Provider value={setBusy}>
          <Fragment key={opening.n}>{children}</Fragment>
        </BusyCtx.Provider>
      </DialogSurface>
    </Dialog>
  );
}

/**
 * A dialog opened for one item (a product to buy): the item stays while the
 * dialog closes, and focusOnClose tells where the focus goes once it is
 * gone: afterSuccess() after succeed(), else the button that opened it.
 */
export function useDialogFor<T>() {
  const [state, setState] = useState<{ item: T; open: boolean } | null>(null);
  const opener = useRef<HTMLElement | null>(null);
  const succeeded = useRef(false);
  return {
    /** The item the dialog is (or was last) open for. */
    item: state?.item,
    open: state?.open ?? false,
    openFor(item: T, button: HTMLElement) {
      opener.current = button;
      succeeded.current = false;
      setState({ item, open: true });
    },
    close() {
      setState((s) => s && { ...s, open: false });
    },
    succeed() {
      succeeded.current = true;
      setState((s) => s && { ...s, open: false });
    },
    focusOnClose(afterSuccess: () => HTMLElement | null): () => HTMLElement | null {
      return () => (succeeded.current ? afterSuccess() : opener.current);
    },
  };
}
