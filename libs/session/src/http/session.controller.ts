import { Body, Controller, Delete, Get, Headers, HttpCode, Ip, Post, UseFilters } from '@nestjs/common';
import type { GuestView, SessionResponse } from '@rendezvous/contracts';
import { CreateSessionDto } from '@rendezvous/contracts/dto';
import { RateLimit } from '@rendezvous/redis';
import { SessionService } from '../session.service.js';
import { bearerToken } from './bearer-token.js';
import { DomainErrorFilter } from './domain-error.filter.js';

@Controller('api/sessions')
@UseFilters(DomainErrorFilter)
export class SessionController {
  constructor(private readonly sessions: SessionService) {}

  @Post()
  @RateLimit('sessionCreate')
  create(@Body() body: CreateSessionDto, @Ip() ip: string): Promise<SessionResponse> {
    return this.sessions.create(body ?? {}, { ip });
  }

  @Post('refresh')
  @HttpCode(200)
  refresh(@Headers('authorization') authorization?: string): Promise<SessionResponse> {
    return this.sessions.refresh(bearerToken(authorization));
  }

  @Get('me')
  me(@Headers('authorization') authorization?: string): Promise<GuestView> {
    return this.sessions.me(bearerToken(authorization));
  }

  @Delete('me')
  @HttpCode(204)
  async end(@Headers('authorization') authorization?: string): Promise<void> {
    await this.sessions.end(bearerToken(authorization));
  }
}
