import type { Deadline } from '@core/deadline';

/**
 * Taking turns on the event loop while resolving, without losing the loaders' batching.
 *
 * How long one request may keep the event loop to itself before its resolvers let others in. A
 * query whose data is all in loader caches resolves entirely in microtasks: without a yield, the
 * process answers nothing else (health checks, other callers, the gateway hanging up) until it
 * has finished, however long that takes.
 */
const MAX_TURN_MS = 50;
let lastTick = performance.now();
/** Whether a group of waiting fields has run since the last tick (see runGroup). */
let groupRanSinceTick = false;
const heartbeat = setInterval(() => {
  lastTick = performance.now();
  groupRanSinceTick = false;
}, 10);
heartbeat.unref();

/** True once the loop has not turned for MAX_TURN_MS: resolving should wait for a later turn. */
export function turnIsOver(): boolean {
  return performance.now() - lastTick > MAX_TURN_MS;
}

/**
 * The fields waiting for the next turn go on in groups: one setImmediate per group of up to
 * GROUP_SIZE fields, which runs them one after another, synchronously.
 *
 * In groups, so that their loaders still batch: the loads a group makes are all in place before
 * DataLoader sends its batch (after the microtasks). A setImmediate per field ran the microtasks,
 * and so a dispatch, between two fields: a busy machine sent one legacy call per entity (CI saw 7
 * akta-lahir statements for 7 residents). A group holds a page of entities (worklists and searches
 * page at most 100).
 *
 * Not all of them in one callback: Node runs the microtasks between two setImmediate callbacks,
 * and a field's real work (its subtree) happens there. So before each group the clock is read
 * again, and once the loop has been held for MAX_TURN_MS the remaining groups wait for the next
 * turn: a hostile query's frontier of hundreds of thousands of fields gets a bounded share of each
 * turn, as health checks and other callers need.
 */
const GROUP_SIZE = 128;
/** The group that fields waiting now join; a new one opens when it is full or has started. */
let openGroup: Array<() => void> | undefined;

function runGroup(group: Array<() => void>, passedOver = false): void {
  if (group === openGroup) openGroup = undefined;
  // A group passed over once runs on the next tick even if that turn is over too, one such group
  // per tick: when other work (other callers' requests, in the poll phase between the heartbeat
  // and here) holds every turn past MAX_TURN_MS, waiting fields must still go on, or a request
  // starves until its deadline (CI saw a plain resident read time out after 10 s beside a stream
  // of refused hostile requests). Only a group that has already waited: right after a long step
  // of its own request the loop is given back first.
  if (turnIsOver() && !(passedOver && !groupRanSinceTick)) {
    setImmediate(runGroup, group, true);
    return;
  }
  groupRanSinceTick = true;
  for (const field of group) field();
}

/**
 * One request's fields that were sent to a later turn, and its loaders' batches held for them.
 * Made only for a request that had a field wait (a busy moment), so the common path allocates nothing.
 */
interface WaitingFields {
  /** Fields of this request sent to a later turn so far. */
  sent: number;
  /** …of which have run. */
  ran: number;
  /** Batches due while fields were waiting: each goes once the fields waiting when it fell due have run. */
  held: Array<{ until: number; dispatch: () => void }>;
}

const waiting = new WeakMap<Deadline, WaitingFields>();

/**
 * Runs `field` in a later turn, with the group it joins; its result (or its throw) settles the
 * promise. `deadline` names the request, so that its loaders' batches wait for the field.
 */
export function inNextTurn(field: () => unknown, deadline: Deadline | undefined): Promise<unknown> {
  let fields: WaitingFields | undefined;
  if (deadline) {
    fields = waiting.get(deadline);
    if (!fields) waiting.set(deadline, (fields = { sent: 0, ran: 0, held: [] }));
    fields.sent += 1;
  }
  return new Promise((resolve, reject) => {
    if (!openGroup || openGroup.length >= GROUP_SIZE) {
      openGroup = [];
      setImmediate(runGroup, openGroup);
    }
    openGroup.push(() => {
      try {
        resolve(field());
      } catch (error) {
        reject(error);
      } finally {
        if (fields) ran(fields);
      }
    });
  });
}

function ran(fields: WaitingFields): void {
  fields.ran += 1;
  while (fields.held.length > 0 && fields.held[0]!.until <= fields.ran) {
    // After the microtasks, as DataLoader itself dispatches: loads that the fields make once an
    // await has settled, and the rest of this group's fields, still join.
    afterMicrotasks(fields.held.shift()!.dispatch);
  }
}

const settled = Promise.resolve();
const afterMicrotasks = (fn: () => void): void => void settled.then(() => process.nextTick(fn));

/** The most fields of its request a batch waits for: a few groups, a page of entities (see below). */
const MAX_FIELDS_TO_WAIT_FOR = 4 * GROUP_SIZE;

/**
 * A DataLoader `batchScheduleFn` for a loader of the request `deadline` names. As DataLoader's own,
 * a batch goes after the microtasks of the moment it opened; but when some of the request's fields
 * were sent to a later turn meanwhile, it waits until those have run: they are the same list's
 * other entities, resolved after the loop was held mid-list (a busy machine), and without the wait
 * their loads would go out as a second legacy call.
 *
 * The wait is bounded. Fields sent to a later turn after the batch fell due do not hold it. And a
 * batch waits only for up to MAX_FIELDS_TO_WAIT_FOR fields: while it waits, every field that needs
 * one of its keys waits on it too, and a huge frontier (a hostile query growing from loader caches
 * had 60,000 fields waiting) would pile up tens of thousands of them, to be completed in one long
 * burst of microtasks once the answer came. Such a batch goes at once, as it always did.
 */
export function afterWaitingFields(deadline: Deadline): (dispatch: () => void) => void {
  return (dispatch) =>
    afterMicrotasks(() => {
      const fields = waiting.get(deadline);
      const waitingNow = fields ? fields.sent - fields.ran : 0;
      if (waitingNow === 0 || waitingNow > MAX_FIELDS_TO_WAIT_FOR) dispatch();
      else fields!.held.push({ until: fields!.sent, dispatch });
    });
}
