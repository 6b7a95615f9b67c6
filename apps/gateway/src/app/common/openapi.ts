import { ApiBody, ApiQuery, ApiResponse } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { applyDecorators } from '@nestjs/common';
import { z } from 'zod';

/** The body of every error answer. */
export const ERROR_BODY_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['statusCode', 'code', 'message'],
  properties: {
    statusCode: { type: 'integer', example: 400 },
    code: { type: 'string', description: 'Stable error code', example: 'REQUEST.VALIDATION_FAILED' },
    message: { type: 'string' },
    field: { type: 'string', description: 'The request field the error is about' },
    details: { type: 'object', additionalProperties: true },
  },
};

/** An OpenAPI 3.0 schema from a zod schema, so the document and the validation cannot drift. */
export function openApiSchema(schema: z.ZodType): Record<string, any> {
  try {
    return z.toJSONSchema(schema, { target: 'openapi-3.0', unrepresentable: 'any', io: 'input' }) as Record<string, any>;
  } catch {
    return { type: 'object' };
  }
}

/** `@ApiBody` from the zod schema that validates it, plus the 400 it may cause. */
export function BodyFrom(schema: z.ZodType, description?: string) {
  return applyDecorators(
    ApiBody({ schema: openApiSchema(schema), description }),
    ApiResponse({ status: 400, description: 'REQUEST.VALIDATION_FAILED (the field is named) or REQUEST.MALFORMED_JSON', schema: ERROR_BODY_SCHEMA }),
  );
}

/** One `@ApiQuery` per property of a zod object schema. */
export function QueryFrom(schema: z.ZodObject<any>) {
  const json = openApiSchema(schema);
  const required: string[] = json['required'] ?? [];
  return applyDecorators(
    ...Object.entries(json['properties'] ?? {}).map(([name, property]) =>
      ApiQuery({ name, required: required.includes(name) && (property as any).default === undefined, schema: property as any }),
    ),
  );
}

/** Documents further error answers by status. */
export function Errors(...errors: Array<[number, string]>) {
  return applyDecorators(...errors.map(([status, description]) => ApiResponse({ status, description, schema: ERROR_BODY_SCHEMA })));
}
