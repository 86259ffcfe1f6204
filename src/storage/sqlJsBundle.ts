// Entry of dist/sqljs.js: sql.js's loader as its own bundle, required when the database first
// opens (see sqlJs.ts), never at activation.
export { default } from 'sql.js';
