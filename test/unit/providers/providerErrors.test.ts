// The mapping from what an SDK threw to the class the router acts on, with the SDKs' own error
// classes, and the redaction of every message.
import assert from 'node:assert/strict';
import { classOfErrorType, classOfStatus, cleanMessage, toProviderFailure } from '../../../src/providers/providerErrors';
import * as anthropicSdk from '../../../src/providers/sdk/anthropicSdk';
import * as openaiSdk from '../../../src/providers/sdk/openaiSdk';

const context = { providerId: 'p', apiKey: 'sk-proj-Abc123Def456Ghi789Jkl0', nowMs: Date.parse('2026-12-01T10:00:00Z') };

describe('providers: provider errors', () => {
  it('classes HTTP statuses as the design says', () => {
    const expected: Record<number, string | undefined> = {
      400: 'bad-request', 401: 'auth', 402: 'bad-request', 403: 'auth', 404: 'bad-request', 408: 'server', 409: 'server',
      413: 'bad-request', 422: 'bad-request', 429: 'rate-limit', 500: 'server', 502: 'server', 503: 'server', 529: 'overloaded', 200: undefined,
    };
    for (const [status, errorClass] of Object.entries(expected)) assert.equal(classOfStatus(Number(status)), errorClass, `status ${status}`);
  });

  it('classes error types found inside streams', () => {
    assert.equal(classOfErrorType('overloaded_error'), 'overloaded');
    assert.equal(classOfErrorType('rate_limit_error'), 'rate-limit');
    assert.equal(classOfErrorType('authentication_error'), 'auth');
    assert.equal(classOfErrorType('invalid_request_error'), 'bad-request');
    assert.equal(classOfErrorType('api_error'), 'server');
    assert.equal(classOfErrorType(undefined), 'server');
  });

  it('maps the OpenAI SDK classes: abort, timeout, connection, status with retry-after', () => {
    assert.equal(toProviderFailure(new openaiSdk.APIUserAbortError(), openaiSdk, context).errorClass, 'cancelled');
    assert.equal(toProviderFailure(new openaiSdk.APIConnectionTimeoutError(), openaiSdk, context).errorClass, 'timeout');
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    const connection = toProviderFailure(new openaiSdk.APIConnectionError({ cause: refused }), openaiSdk, context);
    assert.deepEqual([connection.errorClass, /ECONNREFUSED/.test(connection.message)], ['network', true]);
    const headers = new Headers({ 'retry-after': '7' });
    const limited = toProviderFailure(openaiSdk.APIError.generate(429, { error: { message: 'Slow down', type: 'requests' } }, undefined, headers), openaiSdk, context);
    assert.deepEqual(limited, { errorClass: 'rate-limit', status: 429, retryAfterMs: 7000, message: 'p: 429 Slow down' });
  });

  it('maps the Anthropic SDK classes, an overloaded_error body included', () => {
    const body = { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } };
    const overloaded = toProviderFailure(anthropicSdk.APIError.generate(529, body, undefined, new Headers()), anthropicSdk, context);
    assert.deepEqual([overloaded.errorClass, overloaded.status, overloaded.message], ['overloaded', 529, 'p: 529 Overloaded']);
    assert.equal(toProviderFailure(new anthropicSdk.APIUserAbortError(), anthropicSdk, context).errorClass, 'cancelled');
  });

  it('parse errors are malformed, a cut body is network, anything else unknown', () => {
    assert.equal(toProviderFailure(new SyntaxError('Unexpected end of JSON input'), openaiSdk, context).errorClass, 'malformed');
    assert.equal(toProviderFailure(new TypeError('terminated'), openaiSdk, context).errorClass, 'network');
    assert.equal(toProviderFailure(new Error('something odd'), undefined, context).errorClass, 'unknown');
  });

  it('removes the key from every message, whole or as echoed by OpenAI', () => {
    const key = context.apiKey;
    const echoed = toProviderFailure(openaiSdk.APIError.generate(401, { error: { message: `Incorrect API key provided: ${key.slice(0, 6)}****${key.slice(-4)}` } }, undefined, new Headers()), openaiSdk, context);
    assert.ok(!echoed.message.includes(key.slice(-4)), echoed.message);
    assert.ok(!cleanMessage(`bad key ${key} here`, key).includes(key));
    // Known key shapes are redacted even when the adapter does not know the key.
    assert.ok(!cleanMessage(`leaked ${key}`).includes(key));
  });
});
