// Entry of dist/anthropic-sdk.js: the Anthropic client as its own bundle, loaded on the first request.
export { default as Anthropic, APIError, APIConnectionError, APIConnectionTimeoutError, APIUserAbortError } from '@anthropic-ai/sdk';
