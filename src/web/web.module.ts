import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ForumsModule } from '../forums/forums.module';
import { PageGuard } from './page.guard';
import { PageRenderer } from './page-renderer.service';
import { SessionPagesController } from './session-pages.controller';

/** The HTML pages: rendering, sessions in signed cookies, and the member pages. */
@Module({
  imports: [AuthModule, ForumsModule],
  controllers: [SessionPagesController],
  providers: [PageRenderer, PageGuard],
  exports: [PageRenderer, PageGuard, AuthModule, ForumsModule],
})
export class WebModule {}
