import { Body, Controller, Get, HttpStatus, Module, Param, Put, type INestApplication } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiServiceUnavailableResponse } from '@nestjs/swagger';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { ApiErrorAnswers } from './api-error-answers';
import { serveOpenApi } from './serve-openapi';

class Note {
  @ApiProperty({ maxLength: 10 })
  text!: string;
}

class Readiness {
  @ApiProperty()
  status!: string;
}

@Controller()
class NotesController {
  @Put('notes/:id')
  @ApiOkResponse({ type: Note })
  @ApiErrorAnswers([HttpStatus.NOT_FOUND, 'No such note'])
  put(@Param('id') _id: string, @Body() note: Note): Note {
    return note;
  }

  @Get('ready')
  @ApiServiceUnavailableResponse({ type: Readiness, description: 'Not ready' })
  ready(): Readiness {
    return { status: 'ok' };
  }

  // As daprd calls it: to be left out of the document.
  @Get('dapr/config')
  config(): object {
    return {};
  }
}

@Module({ controllers: [NotesController] })
class NotesModule {}

type Responses = Record<string, { description: string; content?: Record<string, { schema: object }> }>;

describe('serveOpenApi', () => {
  let app: INestApplication;
  let document: { info: { title: string }; paths: Record<string, Record<string, { responses: Responses }>> };

  beforeAll(async () => {
    app = await NestFactory.create(NotesModule, new FastifyAdapter(), { logger: false });
    serveOpenApi(app, 'notes-app');
    await app.init();
    const fastify = app.getHttpAdapter().getInstance() as import('fastify').FastifyInstance;
    await fastify.ready();
    const answer = await fastify.inject({ method: 'GET', url: '/docs-json' });
    expect(answer.statusCode).toBe(200);
    document = answer.json();
  });

  afterAll(() => app.close());

  const errorAnswer = { 'application/json': { schema: { $ref: '#/components/schemas/ErrorAnswer' } } };

  it("documents the app's routes under its app id, and none of those only daprd calls", () => {
    expect(document.info.title).toBe('notes-app');
    expect(Object.keys(document.paths).sort()).toEqual(['/notes/{id}', '/ready']);
  });

  it("lists a route's own error answers, the body errors of the HTTP layer, 503 and a default ErrorAnswer", () => {
    const responses = document.paths['/notes/{id}'].put.responses;
    expect(Object.keys(responses).sort()).toEqual(['200', '400', '404', '413', '415', '503', 'default']);
    expect(responses[404]).toEqual({ description: 'No such note', content: errorAnswer });
    expect(responses[413].description).toBe('Request body larger than 64kb');
    expect(responses.default.content).toEqual(errorAnswer);
    expect(document.paths['/ready'].get.responses[400]).toBeUndefined();
  });

  it("keeps a route's own 503 body, and adds the door's ErrorAnswer beside it", () => {
    const unavailable = document.paths['/ready'].get.responses[503];
    expect(unavailable.description).toMatch(/^Not ready; or: Shutting down, or overloaded/);
    expect(unavailable.content?.['application/json'].schema).toEqual({
      anyOf: [{ $ref: '#/components/schemas/Readiness' }, { $ref: '#/components/schemas/ErrorAnswer' }],
    });
  });
});
