import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'passerelle:public';

/** Marks a route anyone may call; every other route needs an organiser's token. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
