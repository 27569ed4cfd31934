import { useEffect } from 'react';
import { toast } from './toast';

/** Says in a toast what a server action did once it succeeds; a refusal stays inline beside its form. */
export function useSuccessToast(state: { ok?: boolean; message?: string } | null) {
  useEffect(() => {
    if (state?.ok && state.message) toast(state.message);
  }, [state]);
}
