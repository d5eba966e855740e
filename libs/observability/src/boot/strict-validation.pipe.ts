import { BadRequestException, ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import { payloadShapeProblem } from '@rendezvous/contracts/dto';

/**
 * Nest's ValidationPipe behind the same shape check socket payloads get: a body nested too deep (which
 * would exhaust the stack while transforming, a 500) or carrying Object.prototype's names as keys (which
 * class-validator's whitelist lets through) is a 400 naming the problem.
 */
export class StrictValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Bodies bound to a DTO class only: socket payloads (typed `unknown`) are checked by their handlers.
    if (metadata.type === 'body' && this.toValidate(metadata)) {
      const problem = payloadShapeProblem(value);
      if (problem) throw new BadRequestException(problem);
    }
    return super.transform(value, metadata);
  }
}
