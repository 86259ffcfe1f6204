// Entry of dist/openai-sdk.js: the OpenAI client as its own bundle, loaded on the first request.
export { default as OpenAI, APIError, APIConnectionError, APIConnectionTimeoutError, APIUserAbortError } from 'openai';
