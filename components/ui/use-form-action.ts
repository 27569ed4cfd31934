import { startTransition, useActionState } from 'react';

/**
 * useActionState for forms whose fields must survive a refused submission. React resets a form
 * after its `action` runs, which would throw away what the user typed when validation fails;
 * submitting through onSubmit keeps the fields as they are.
 */
export function useFormAction<S>(action: (prev: S | null, form: FormData) => Promise<S>) {
  const [state, dispatch, pending] = useActionState(action, null);
  const onSubmit = (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    startTransition(() => dispatch(form));
  };
  return [state, onSubmit, pending] as const;
}
