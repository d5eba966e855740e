import { Controller, Get, Headers, HttpCode, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { FileLimits, type FileUploadResponse } from '@rendezvous/contracts';
import { bearerToken, DomainErrorFilter } from '@rendezvous/session';
import type { Request, Response } from 'express';
import { FileSharingService } from '../file-sharing.service.js';
import { contentDisposition } from '../policy/file-name.js';
import { readSingleFile } from './read-single-file.js';
import { streamDownload } from './stream-download.js';

@Controller('api/files')
@UseFilters(DomainErrorFilter)
export class FilesController {
  constructor(private readonly files: FileSharingService) {}

  /** multipart/form-data with one `file`; the body is read only once the guest may upload. */
  @Post()
  @HttpCode(201)
  upload(@Req() req: Request, @Headers('authorization') authorization?: string): Promise<FileUploadResponse> {
    return this.files.upload(bearerToken(authorization), (maxBytes) => readSingleFile(req, maxBytes, FileLimits.field));
  }

  @Get(':fileId')
  async download(@Param('fileId') fileId: string, @Res() res: Response, @Headers('authorization') authorization?: string): Promise<void> {
    const { info, chunks, done } = await this.files.download(bearerToken(authorization), fileId);
    res.on('close', done);
    res.status(200);
    res.setHeader('Content-Type', info.mime === 'text/plain' ? 'text/plain; charset=utf-8' : info.mime);
    res.setHeader('Content-Length', String(info.size));
    res.setHeader('Content-Disposition', contentDisposition(info.name));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'private, no-store');
    // Opened directly, it still cannot run anything.
    res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    await streamDownload(res, chunks());
  }
}
