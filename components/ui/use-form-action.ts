import { startTransition, useActionState, useEffect, useRef } from 'react';

/**
 * useActionState for forms whose fields must survive a refused submission. React resets a form
 * after its `action` runs, which would throw away what the user typed when validation fails;
 * submitting through onSubmit keeps the fields as they are. With `resetOnSuccess`, a form that
 * creates things (a user, a token) is emptied once the action succeeds, ready for the next one.
 */
export function useFormAction<S>(action: (prev: S | null, form: FormData) => Promise<S>, { resetOnSuccess = false } = {}) {
  const [state, dispatch, pending] = useActionState(action, null);
  const form = useRef<HTMLFormElement | null>(null);
  useEffect(() => {
    if (resetOnSuccess && (state as { ok?: boolean } | null)?.ok) form.current?.reset();
  }, [state, resetOnSuccess]);
  const onSubmit = (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    form.current = e.currentTarget;
    const data = new FormData(e.currentTarget);
    startTransition(() => dispatch(data));
  };
  return [state, onSubmit, pending] as const;
}
