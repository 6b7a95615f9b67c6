import { HttpException } from '@nestjs/common';
import { errorBody, type ErrorBody } from '@poverty/contracts';

/** An expected HTTP failure carrying the platform's error body. */
export class ApiError extends HttpException {
  constructor(readonly body: ErrorBody) {
    super(body, body.statusCode);
  }

  static of(code: string, message: string, extra: Pick<ErrorBody, 'field' | 'details'> = {}): ApiError {
    return new ApiError(errorBody(code, message, extra));
  }
}
