import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import type { Actor } from '@poverty/workflow';
import { parseBody } from '../common/parse-body';
import { AuthService } from './auth.service';
import { CurrentActor, PublicRoute } from './auth.guard';

const loginSchema = z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) }).strict();

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @PublicRoute()
  @Post('auth/login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in with username and password → {accessToken}; 401 AUTH.BAD_CREDENTIALS' })
  login(@Body() body: unknown) {
    const { username, password } = parseBody(loginSchema, body);
    return this.auth.login(username, password);
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The caller, roles and jurisdiction' })
  me(@CurrentActor() actor: Actor) {
    return actor;
  }
}
