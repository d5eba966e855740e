import { ClientEvents, type RelayedEventName } from '@rendezvous/contracts';
import { AnswerDto, ChatMessageDto, ChatTypingDto, EmptyDto, IceCandidateDto, OfferDto } from '@rendezvous/contracts/dto';
import type { ClassConstructor } from 'class-transformer';

/** The DTO every relayed event must satisfy before it goes anywhere. */
export const RELAY_DTOS: Record<RelayedEventName, ClassConstructor<object>> = {
  [ClientEvents.Offer]: OfferDto,
  [ClientEvents.Answer]: AnswerDto,
  [ClientEvents.IceCandidate]: IceCandidateDto,
  [ClientEvents.CallEnd]: EmptyDto,
  [ClientEvents.CallReject]: EmptyDto,
  [ClientEvents.ChatMessage]: ChatMessageDto,
  [ClientEvents.ChatTyping]: ChatTypingDto,
};

/** Events that end a pending call (its server-side timeout). */
export const CALL_SETTLING_EVENTS: ReadonlySet<string> = new Set([ClientEvents.Answer, ClientEvents.CallReject, ClientEvents.CallEnd]);
