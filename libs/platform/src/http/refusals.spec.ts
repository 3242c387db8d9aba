import { Body, Controller, Get, Module, Param, Post, Query } from '@nestjs/common';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import net from 'node:net';
import { ProblemDetails } from '@bazaar/contracts';
import { bootstrapService, RunningService } from '../bootstrap';
import { PlatformConfig } from '../config/platform-config';
import { PlatformModule } from '../platform.module';

class ProbeQuery {
  @IsOptional()
  @IsString()
  q?: string;
}

class ProbeBody {
  @IsString()
  @MaxLength(100)
  name!: string;

  @IsOptional()
  @IsString()
  description?: string;
}

@Controller('probe')
class ProbeController {
  @Get()
  list(@Query() query: ProbeQuery): ProbeQuery {
    return query;
  }

  @Get(':id')
  get(@Param('id') id: string): { id: string } {
    return { id };
  }

  @Post()
  create(@Body() body: ProbeBody): ProbeBody {
    return body;
  }
}

@Module({
  imports: [PlatformModule.forRoot({ service: 'gateway', config: PlatformConfig })],
  controllers: [ProbeController],
})
class ProbeModule {}

/**
 * Bad input of every kind, sent to a service started by `bootstrapService` as every Bazaar service is: each is
 * answered 4xx with problem+json, whether the platform's pipe, Fastify's router and body parser, or Node's HTTP
 * parser refuses it.
 */
describe('refusals of a bootstrapped service', () => {
  let service: RunningService;
  let base: string;

  beforeAll(async () => {
    Object.assign(process.env, { GATEWAY_HTTP_PORT: '0', LOG_LEVEL: 'silent' });
    service = await bootstrapService(ProbeModule, { name: 'gateway', handleSignals: false });
    base = `http://127.0.0.1:${service.httpPort}`;
  });

  afterAll(async () => {
    await service?.app.close();
    delete process.env.GATEWAY_HTTP_PORT;
  });

  const post = (body: string, contentType = 'application/json') =>
    fetch(`${base}/probe`, { method: 'POST', headers: { 'content-type': contentType }, body });

  async function problemOf(response: Response, status: number): Promise<ProblemDetails> {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as ProblemDetails;
    expect(body).toMatchObject({ status });
    expect(body.requestId).toBe(response.headers.get('x-request-id'));
    return body;
  }

  const fieldsOf = (problem: ProblemDetails) => problem.errors?.map((error) => error.field);

  it('takes a normal JSON body', async () => {
    const response = await post(JSON.stringify({ name: 'Tote', description: 'Waxed [canvas] {bag}' }));
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ name: 'Tote', description: 'Waxed [canvas] {bag}' });
  });

  describe('a NUL character (U+0000) in any string: 400 naming the field', () => {
    it('in a query parameter', async () => {
      const problem = await problemOf(await fetch(`${base}/probe?q=a%00b`), 400);
      expect(fieldsOf(problem)).toEqual(['q']);
      expect(problem.errors?.[0].messages).toEqual(['q must not contain the NUL character (U+0000)']);
    });

    it('in a path parameter', async () => {
      expect(fieldsOf(await problemOf(await fetch(`${base}/probe/a%00b`), 400))).toEqual(['id']);
    });

    it('in body fields', async () => {
      const response = await post(JSON.stringify({ name: 'x\u0000', description: '\u0000' }));
      expect(fieldsOf(await problemOf(response, 400))).toEqual(['name', 'description']);
    });
  });

  it('400 for a body nested deeper than 32 levels, 20,000 levels too', async () => {
    for (const depth of [33, 20_000]) {
      const problem = await problemOf(await post('['.repeat(depth) + ']'.repeat(depth)), 400);
      expect(fieldsOf(problem)).toEqual(['body']);
    }
  });

  it('400 naming the path for a malformed percent-escape in it', async () => {
    for (const path of ['/probe/%zz', '/%E0%A4%A', '/probe/a%ff']) {
      expect(fieldsOf(await problemOf(await fetch(`${base}${path}`), 400))).toEqual(['path']);
    }
  });

  it('414 for a path parameter longer than the router takes', async () => {
    const problem = await problemOf(await fetch(`${base}/probe/${'a'.repeat(101)}`), 414);
    expect(problem.code).toBe('URI_TOO_LONG');
  });

  it('431 for a 70 kB query string', async () => {
    const problem = await problemOf(await fetch(`${base}/probe?q=${'a'.repeat(70_000)}`), 431);
    expect(problem.code).toBe('HEADERS_TOO_LARGE');
  });

  it('404 for an unknown route', async () => {
    expect((await problemOf(await fetch(`${base}/nothing`), 404)).code).toBe('NOT_FOUND');
  });

  it('413 for a body over the limit', async () => {
    const problem = await problemOf(await post(JSON.stringify({ name: 'x'.repeat(70_000) })), 413);
    expect(problem.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('415 for any body that is not JSON, text and forms included', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
      expect((await problemOf(await post('name=x', type), 415)).code).toBe('UNSUPPORTED_MEDIA_TYPE');
    }
  });

  it('400 for bytes that are not HTTP, answered on the socket', async () => {
    const answer = await rawExchange(
      service.httpPort,
      'GET /probe HTTP/1.1\r\nHost: x\r\nX-Bad: a\u0000b\r\n\r\n',
    );
    expect(answer.head).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(answer.head).toMatch(/\r\ncontent-type: application\/problem\+json\r\n/);
    expect(answer.head).toMatch(/\r\ncache-control: no-store\r\n/);
    const body = JSON.parse(answer.body) as ProblemDetails;
    expect(body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(answer.head).toContain(`\r\nx-request-id: ${body.requestId}\r\n`);
  });
});

/** Writes raw bytes and reads everything until the server closes the connection. */
function rawExchange(port: number, request: string): Promise<{ head: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.end(request));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      resolve({ head: text.slice(0, split + 2), body: text.slice(split + 4) });
    });
  });
}
