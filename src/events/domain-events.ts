import { Global, Injectable, Module } from '@nestjs/common';

/**
 * Something a room tells the rooms above it, declared by the room that emits it: the lower room
 * names the event and its payload, the higher room listens. This is how a change reaches a room
 * that must react to it without the lower room importing the higher one (a session moved: the
 * attendees' invites follow). An event may carry answers back (who takes part, how many seats are
 * taken): the listeners' answers, in the order they subscribed.
 */
export class DomainEvent<Payload, Answer = void> {
  declare readonly types?: { payload: Payload; answer: Answer };

  /** `required`: emitting with no listener is a wiring mistake (the listening module is not loaded), not a quiet no-op. */
  constructor(
    readonly name: string,
    readonly options: { required: boolean } = { required: true },
  ) {}
}

type Listener<Payload, Answer> = (payload: Payload) => Answer | Promise<Answer>;

@Injectable()
export class DomainEvents {
  private readonly listeners = new Map<DomainEvent<unknown, unknown>, Listener<unknown, unknown>[]>();

  on<Payload, Answer>(event: DomainEvent<Payload, Answer>, listener: Listener<Payload, Answer>): void {
    const list = this.listeners.get(event) ?? [];
    list.push(listener as Listener<unknown, unknown>);
    this.listeners.set(event, list);
  }

  /** Calls the listeners one after the other, in the order they subscribed, and returns their answers. */
  async emit<Payload, Answer>(event: DomainEvent<Payload, Answer>, payload: Payload): Promise<Answer[]> {
    const list = (this.listeners.get(event) ?? []) as Listener<Payload, Answer>[];
    if (list.length === 0 && event.options.required) {
      throw new Error(`No listener for the event ${event.name}: the module that answers it is not loaded`);
    }
    const answers: Answer[] = [];
    for (const listener of list) {
      answers.push(await listener(payload));
    }
    return answers;
  }
}

/** Both processes: one bus each, filled by the modules they load. */
@Global()
@Module({ providers: [DomainEvents], exports: [DomainEvents] })
export class EventsModule {}
