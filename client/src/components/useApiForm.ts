/**
 * A form (or one call) that talks to the API: field errors from
 * validation_failed, a form error, busy while it runs, done once it
 * succeeded — the state every page would otherwise keep by hand.
 */
import { useState, type FormEvent } from 'react';
import { ApiError, errorText } from '../api/http';

export function useApiForm(action: () => Promise<void>) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  /** Runs the action (a submit, or a call made on arrival such as a mailed link's). */
  function run() {
    setErrors({});
    setError('');
    setDone(false);
    setBusy(true);
    action()
      .then(() => setDone(true))
      .catch((err: unknown) => {
        if (err instanceof ApiError) setErrors(err.fieldErrors);
        setError(errorText(err));
      })
      .finally(() => setBusy(false));
  }
  function onSubmit(e: FormEvent) {
    e.preventDefault();
    run();
  }
  return { errors, error, busy, done, run, onSubmit };
}
