import { Forum } from '../forums/forum.entity';
import { Message } from '../notifications/message.entity';
import { Organisation } from '../organisations/organisation.entity';

/** Every entity, listed once for the application and the MikroORM CLI. */
export const ENTITIES = [Forum, Organisation, Message];
