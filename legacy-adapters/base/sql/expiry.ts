import type { Deadline } from '@core/deadline';
import type { GerbangError } from '@core/errors';
import { deadlineError } from './errors';

/**
 * Watches one wait (for a worker, a connection, a statement's answer) and calls `expire` once with
 * the error to answer, at whichever comes first:
 * - `limitMs` from now (the statement timeout, or the longest a pool may keep anyone waiting),
 *   answered with `onLimit()`;
 * - the deadline's time, or its signal aborting (the caller left), answered with DEADLINE_EXCEEDED.
 * The deadline's time is checked with our own timer as well as through its signal, so the answer
 * does not depend on which of two timers due at the same moment the event loop runs first.
 * Returns `disarm`, to call when the wait ended otherwise.
 */
export function whenExpired(
  app: string,
  deadline: Deadline,
  limitMs: number,
  onLimit: () => GerbangError,
  expire: (error: GerbangError) => void,
): () => void {
  let armed = true;
  const fire = (error: () => GerbangError) => {
    if (!armed) return;
    disarm();
    expire(error());
  };
  const remaining = deadline.remaining();
  const byLimit = limitMs < remaining;
  const onAbort = () => fire(() => deadlineError(app, deadline));
  const timer = setTimeout(() => fire(byLimit ? onLimit : () => deadlineError(app, deadline)), Math.ceil(Math.max(0, byLimit ? limitMs : remaining)));
  deadline.signal.addEventListener('abort', onAbort, { once: true });
  function disarm() {
    armed = false;
    clearTimeout(timer);
    deadline.signal.removeEventListener('abort', onAbort);
  }
  if (deadline.signal.aborted) onAbort();
  return disarm;
}
