import { AccountExportService } from './account-export.service';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MfaResetModule } from '../auth/mfa/mfa-reset.module';
import { SessionsModule } from '../auth/sessions/sessions.module';
import { MailModule } from '../mail/mail.module';
import { AdminEmailDemotion } from './admin/admin-email-demotion.entity';
import { AdminUsersController } from './admin/admin-users.controller';
import { AdminUsersService } from './admin/admin-users.service';
import { User } from './user.entity';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

/** Accounts and what they show: profile, nickname, avatar tile; and the admins' view of all accounts. */
@Module({
  imports: [TypeOrmModule.forFeature([User, AdminEmailDemotion]), SessionsModule, MailModule, MfaResetModule],
  controllers: [UsersController, AdminUsersController],
  providers: [UsersService, AdminUsersService, AccountExportService],
  exports: [UsersService],
})
export class UsersModule {}
