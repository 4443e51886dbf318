import { Body, Controller, Get, HttpCode, Post, Req, UnauthorizedException, UseGuards } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import * as bcrypt from 'bcrypt';
import { sign } from 'jsonwebtoken';
import { User } from './user.entity';
import { AccessPayload, JWT_SECRET } from './jwt.strategy';

@Controller()
export class HelloController {
  @Get()
  hello() {
    return { hello: 'world' };
  }

  // JWT-guarded, no database: passport-jwt verifies the HS256 bearer token.
  @Get('me')
  @UseGuards(AuthGuard('jwt'))
  me(@Req() req: { user: AccessPayload }) {
    return { id: req.user.sub, role: req.user.role };
  }
}

class LoginDto {
  email: string;
  password: string;
}

@Controller()
export class DbController {
  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}

  // JWT-guarded plus one primary-key read through TypeORM.
  @Get('me-db')
  @UseGuards(AuthGuard('jwt'))
  async meDb(@Req() req: { user: AccessPayload }) {
    const u = await this.users.findOneBy({ id: req.user.sub });
    if (!u) throw new UnauthorizedException();
    return { id: u.id, email: u.email, role: u.role, createdAt: u.createdAt };
  }

  // Login: one indexed read by email, bcrypt.compare (native, libuv pool), sign HS256.
  @Post('login')
  @HttpCode(200)
  async login(@Body() body: LoginDto) {
    const u = await this.users.findOneBy({ email: String(body.email) });
    if (!u || !(await bcrypt.compare(String(body.password), u.passwordHash)))
      throw new UnauthorizedException();
    // jsonwebtoken directly (the workspace has no @nestjs/jwt, which only wraps it).
    return { token: sign({ sub: u.id, role: u.role }, JWT_SECRET, { algorithm: 'HS256', expiresIn: '15m' }) };
  }
}
