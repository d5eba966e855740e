import { IsIn } from 'class-validator';
import { ReportReasons, type ReportReason } from '../payloads.js';

export class ReportDto {
  @IsIn(ReportReasons, { message: `reason must be one of ${ReportReasons.join(', ')}` })
  reason!: ReportReason;
}
