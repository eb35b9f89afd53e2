import { DomainEvent, DomainEvents } from '../../src/events/domain-events';

const SeatsFreed = new DomainEvent<{ sessionId: string }>('test.seats-freed');
const Counts = new DomainEvent<{ ids: string[] }, Record<string, number>>('test.counts');
const Optional = new DomainEvent<{ id: string }>('test.optional', { required: false });

describe('domain events', () => {
  it('calls the listeners one after the other, in the order they subscribed', async () => {
    const events = new DomainEvents();
    const calls: string[] = [];
    events.on(SeatsFreed, async ({ sessionId }) => {
      await new Promise((resolve) => setImmediate(resolve));
      calls.push(`first ${sessionId}`);
    });
    events.on(SeatsFreed, ({ sessionId }) => {
      calls.push(`second ${sessionId}`);
    });
    await events.emit(SeatsFreed, { sessionId: 's1' });
    expect(calls).toEqual(['first s1', 'second s1']);
  });

  it('returns every listener’s answer, in that order', async () => {
    const events = new DomainEvents();
    events.on(Counts, ({ ids }) => ({ invitations: ids.length }));
    events.on(Counts, async () => Promise.resolve({ accessLinks: 0 }));
    await expect(events.emit(Counts, { ids: ['a', 'b'] })).resolves.toEqual([{ invitations: 2 }, { accessLinks: 0 }]);
  });

  it('refuses an event nobody listens to, unless it is optional', async () => {
    const events = new DomainEvents();
    await expect(events.emit(SeatsFreed, { sessionId: 's1' })).rejects.toThrow('No listener for the event test.seats-freed');
    await expect(events.emit(Optional, { id: 'x' })).resolves.toEqual([]);
  });

  it('lets a listener’s failure reach the emitter, and stops there', async () => {
    const events = new DomainEvents();
    const after = jest.fn();
    events.on(SeatsFreed, () => {
      throw new Error('the transaction rolls back');
    });
    events.on(SeatsFreed, after);
    await expect(events.emit(SeatsFreed, { sessionId: 's1' })).rejects.toThrow('the transaction rolls back');
    expect(after).not.toHaveBeenCalled();
  });
});
