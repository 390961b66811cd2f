import { Cancelled, cancellationOf, deadlineIn, startDeadline, throwIfCancelled } from './deadline';
import { GerbangError } from './errors';

describe('request deadline', () => {
  it('aborts with DEADLINE_EXCEEDED when its time is up, and says how much is left before', async () => {
    const { deadline } = startDeadline(60);
    expect(deadline.remaining()).toBeGreaterThan(40);
    expect(deadline.signal.aborted).toBe(false);
    await new Promise((r) => setTimeout(r, 80));
    expect(deadline.signal.aborted).toBe(true);
    expect(deadline.remaining()).toBe(0);
    expect(cancellationOf(deadline)).toEqual(new Cancelled('DEADLINE_EXCEEDED'));
  });

  it('aborts with CALLER_LEFT when the caller hangs up, and then stops new work with DEADLINE_EXCEEDED', () => {
    const controller = startDeadline(10_000);
    controller.callerLeft();
    expect((controller.deadline.signal.reason as Cancelled).reason).toBe('CALLER_LEFT');
    let thrown: unknown;
    try {
      throwIfCancelled(controller.deadline, 'siak');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(GerbangError);
    expect((thrown as GerbangError).extensions).toMatchObject({ code: 'DEADLINE_EXCEEDED', waitingFor: 'siak', retryable: true });
    expect((thrown as GerbangError).originalError).toBeInstanceOf(Cancelled);
  });

  it('moves to a per-operation deadline measured from the start, and not after it aborted', async () => {
    const controller = startDeadline(10_000);
    controller.resetTo(30);
    await new Promise((r) => setTimeout(r, 50));
    expect(controller.deadline.signal.aborted).toBe(true);
    controller.resetTo(10_000);
    expect(controller.deadline.remaining()).toBe(0);
  });

  it('a reset into the past aborts at once', () => {
    const controller = startDeadline(10_000);
    controller.resetTo(0);
    expect(controller.deadline.signal.aborted).toBe(true);
  });

  it('stops its timer when disposed, and never holds a process open', async () => {
    const controller = startDeadline(20);
    controller.dispose();
    await new Promise((r) => setTimeout(r, 40));
    expect(controller.deadline.signal.aborted).toBe(false);
    expect(deadlineIn(5_000).remaining()).toBeGreaterThan(4_900);
  });

  it('tells its listeners once when it ends, not those that stopped listening, and late ones at once', async () => {
    const controller = startDeadline(10_000);
    const heard: string[] = [];
    controller.deadline.onCancel((reason) => heard.push(`first ${reason.reason}`));
    const stop = controller.deadline.onCancel(() => heard.push('stopped'));
    stop();
    controller.callerLeft();
    controller.callerLeft();
    expect(heard).toEqual(['first CALLER_LEFT']);
    expect(controller.deadline.cancelled?.reason).toBe('CALLER_LEFT');
    controller.deadline.onCancel((reason) => heard.push(`late ${reason.reason}`));
    await Promise.resolve();
    expect(heard).toEqual(['first CALLER_LEFT', 'late CALLER_LEFT']);
  });

  it('makes its signal only when asked, aborted already if the deadline has ended', async () => {
    const controller = startDeadline(20);
    await new Promise((r) => setTimeout(r, 40));
    expect(controller.deadline.cancelled?.reason).toBe('DEADLINE_EXCEEDED');
    expect(controller.deadline.signal.aborted).toBe(true);
    expect(controller.deadline.signal.reason).toBe(controller.deadline.cancelled);
    const running = startDeadline(10_000);
    const signal = running.deadline.signal;
    expect(running.deadline.signal).toBe(signal);
    running.callerLeft();
    expect((signal.reason as Cancelled).reason).toBe('CALLER_LEFT');
  });
});
