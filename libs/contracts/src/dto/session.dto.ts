import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { WireLimits } from '../limits.js';
import { ChatModes, type ChatMode } from '../payloads.js';

/** One interest tag; the fast check of match:join (fast-validators.ts) uses it too. */
export const interestPattern = /^[\p{L}\p{N}][\p{L}\p{N} _+#.-]*$/u;

export class InterestsDto {
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(WireLimits.interestsMax)
  @IsString({ each: true })
  @Length(1, WireLimits.interestMaxChars, { each: true })
  @Matches(interestPattern, { each: true, message: 'each value in interests must be letters, digits, spaces or _+#.-' })
  interests?: string[];
}

export class CreateSessionDto extends InterestsDto {
  @IsOptional()
  @IsString()
  @Length(1, WireLimits.usernameMaxChars)
  @Matches(/^[\p{L}\p{N}][\p{L}\p{N} _.-]*$/u, { message: 'username must be letters, digits, spaces or _.-' })
  username?: string;

  @IsOptional()
  @IsString()
  @Length(1, WireLimits.deviceIdMaxChars)
  @Matches(/^[A-Za-z0-9_.:-]+$/, { message: 'deviceId must be letters, digits or _.:-' })
  deviceId?: string;
}

export class JoinDto extends InterestsDto {
  @IsOptional()
  @IsIn(ChatModes, { message: `mode must be one of ${ChatModes.join(', ')}` })
  mode?: ChatMode;
}

export class TokenRefreshDto {
  @IsString()
  @Length(10, 4096)
  token!: string;
}
