// Entry of dist/genai-prices.js: the dated price table, loaded when a price is first needed.
export { calcPrice, findProvider } from '@pydantic/genai-prices';
