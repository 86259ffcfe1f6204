// Entry of dist/tokenizer.js: the o200k tokenizer as its own bundle, so that its 2 MB of
// ranks load only when a token count is needed, never at activation.
export { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
