/** A form that calls the API: field errors from validation_failed, a form error, busy while it runs. */
import { useState, type FormEvent } from 'react';
import { ApiError, errorText } from '../api/http';

export function useApiForm(action: () => Promise<void>) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setErrors({});
    setError('');
    setBusy(true);
    action()
      .catch((err: unknown) => {
        if (err instanceof ApiError) setErrors(err.fieldErrors);
        setError(errorText(err));
      })
      .finally(() => setBusy(false));
  }
  return { errors, error, busy, onSubmit };
}
