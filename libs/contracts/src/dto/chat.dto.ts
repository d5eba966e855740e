import { IsBoolean, IsString, Length, Matches } from 'class-validator';
import { WireLimits } from '../limits.js';

export class ChatMessageDto {
  @IsString()
  @Length(1, WireLimits.chatTextMaxChars)
  @Matches(/\S/, { message: 'text must not be blank' })
  text!: string;
}

export class ChatTypingDto {
  @IsBoolean()
  typing!: boolean;
}
