import { Controller, Get, Header, Headers, UseFilters } from '@nestjs/common';
import type { IceConfigResponse } from '@rendezvous/contracts';
import { IceConfigService } from '../ice/ice-config.service.js';
import { bearerToken } from './bearer-token.js';
import { DomainErrorFilter } from './domain-error.filter.js';

@Controller('api/config/ice')
@UseFilters(DomainErrorFilter)
export class IceConfigController {
  constructor(private readonly ice: IceConfigService) {}

  /** Per guest (TURN credentials are personal), so never cached by anyone in between. */
  @Get()
  @Header('Cache-Control', 'no-store')
  get(@Headers('authorization') authorization?: string): Promise<IceConfigResponse> {
    return this.ice.forToken(bearerToken(authorization));
  }
}
