import { Type } from 'class-transformer';
import {
  IsDefined,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { callIdPattern, WireLimits } from '../limits.js';
import { IsPlausibleSdp, MaxBytes } from './sdp.validator.js';

export class OfferDescriptionDto {
  @IsIn(['offer'])
  type!: 'offer';

  @IsPlausibleSdp()
  sdp!: string;
}

export class AnswerDescriptionDto {
  @IsIn(['answer'])
  type!: 'answer';

  @IsPlausibleSdp()
  sdp!: string;
}

export class OfferDto {
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => OfferDescriptionDto)
  offer!: OfferDescriptionDto;

  @IsIn(['audio', 'video'])
  type!: 'audio' | 'video';

  /** Optional: clients before call ids send none. */
  @IsOptional()
  @IsString()
  @Matches(callIdPattern)
  callId?: string;
}

export class AnswerDto {
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => AnswerDescriptionDto)
  answer!: AnswerDescriptionDto;

  /** Optional: clients before call ids send none. */
  @IsOptional()
  @IsString()
  @Matches(callIdPattern)
  callId?: string;
}

export class IceCandidateInitDto {
  /** An empty string is the end-of-candidates marker. */
  @IsString()
  @MaxBytes(WireLimits.candidateMaxBytes)
  candidate!: string;

  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @Length(0, 64)
  sdpMid?: string | null;

  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsInt()
  @Min(0)
  @Max(64)
  sdpMLineIndex?: number | null;

  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @Length(0, 256)
  usernameFragment?: string | null;
}

export class IceCandidateDto {
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => IceCandidateInitDto)
  candidate!: IceCandidateInitDto;
}

export class EmptyDto {}
