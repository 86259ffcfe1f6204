// Pressure: a rebase stopped on its first commit with conflicts in four files (ten hunks each,
// 120 conflict-marker errors in the editor) while 56 other files merged cleanly and wait
// staged; a long session of notes about the payments work before it.
import type { DiagnosticFact } from '../../src/core/workContext/workContext';
import { type ScenarioRepo, conflictIn, fact, inProgress } from './briefingScenarios';
import { countOf, repeated } from './factMatch';
import { tsModule } from './pressureMaterial';
import type { PressureScenario } from './pressureTypes';

const CONFLICTED = ['src/pay/amount.ts', 'src/pay/checkout.ts', 'src/pay/currency.ts', 'src/pay/refund.ts'];
const PROVIDERS = ['stripe', 'adyen', 'paypal', 'klarna', 'mollie', 'braintree', 'square'];
const KINDS = ['Charge', 'Refund', 'Webhook', 'Payout', 'Dispute', 'Mandate', 'Token', 'Report'];
const MERGED = PROVIDERS.flatMap((p) => KINDS.map((k) => `src/pay/${p}${k}.ts`));
const FUNCTIONS = ['quote', 'charge', 'capture', 'refund', 'void', 'settle', 'split', 'fee', 'round', 'display'];

/** Every function names its currency, so a change of how currencies are written touches all ten. */
const currencyModule = (currency: string) => tsModule(FUNCTIONS, (name) => [`  const currency = ${currency};`, `  return ${name}Amount(currency);`]);
const providerModule = (body: string) => tsModule(['create', 'read'], () => [`  return ${body};`]);

const NOTES = [
  'Money is an integer amount plus a Currency; no floats anywhere in src/pay',
  'Money.add throws on mixed currencies; convert first with toCurrency()',
  'Refunds use the original payment currency, never the shop default',
  'Stripe and Adyen adapters take Money directly; the others still format strings',
  'Rounding is banker’s rounding, as finance asked in PAY-311',
  'Checkout total is the sum of line Money values, rounded once at the end',
  'Webhook payloads keep ISO strings on the wire; convert at the edge',
  'Disputes keep the amount the bank reported, even when it differs',
  ...PROVIDERS.flatMap((p) => [`Checked ${p}: charges and refunds build Money, tests green`, `${p} payouts still round per line; left as it was, not part of this change`]),
  'Payouts report in the account currency, not the charge currency',
  'Mandates have no amount; nothing to convert there',
  'main got the currency refactor this morning: a Currency enum replaces the ISO strings',
  'Started the rebase onto main to pick up the Currency enum',
  ...Array.from({ length: 14 }, (_, i) => `Reviewed ${FUNCTIONS[i % FUNCTIONS.length]}() across the adapters: Money in, Money out (${i + 1}/14)`),
  "The replay stopped on 'Switch amounts to Money objects' with conflicts in four files. Resolve each by keeping main's Currency enum and wrapping amounts in Money, then git add them and git rebase --continue. Do not start over: the 56 other files merged cleanly.",
];

function conflictMarkers(): DiagnosticFact[] {
  return CONFLICTED.flatMap((path) =>
    FUNCTIONS.flatMap((_, f) => [0, 2, 4].map((offset): DiagnosticFact => ({ path, line: 9 + f * 13 + offset, severity: 'error', message: 'Merge conflict marker encountered.', source: 'ts' }))),
  );
}

export const REBASE_WITH_CONFLICTS: PressureScenario = {
  name: 'pressure: rebase stopped with conflicts in four files',
  before: (r: ScenarioRepo) => {
    r.commit('Payments module', { ...Object.fromEntries(CONFLICTED.map((p) => [p, currencyModule("'EUR'")])), ...Object.fromEntries(MERGED.map((p) => [p, providerModule('amount')])) });
    r.git('checkout', '-q', '-b', 'feature/payments');
    r.commit('Switch amounts to Money objects', { ...Object.fromEntries(CONFLICTED.map((p) => [p, currencyModule("money('EUR')")])), ...Object.fromEntries(MERGED.map((p) => [p, providerModule('toMoney(amount)')])) });
    r.commit('Money: add, subtract, allocate', { 'src/pay/money.ts': 'export class Money {}\n' });
    r.commit('Refund in the original currency', { 'src/pay/refundPolicy.ts': 'export const policy = "original";\n' });
    r.git('checkout', '-q', 'main');
    r.commit('Currency refactor: a Currency enum replaces ISO strings', Object.fromEntries(CONFLICTED.map((p) => [p, currencyModule('Currency.EUR')])));
    r.git('checkout', '-q', 'feature/payments');
  },
  goal: 'Rebase feature/payments onto main after the currency refactor, keeping the Money type',
  during: (r) => { r.git('rebase', 'main'); },
  notes: NOTES,
  editor: {
    active: { path: 'src/pay/amount.ts', line: 9, column: 1, selection: null },
    openEditors: CONFLICTED,
    unsaved: [],
    diagnostics: conflictMarkers(),
  },
  facts: [
    fact(inProgress('rebase'), 0, 'an unfinished rebase: continue it, do not start over'),
    ...CONFLICTED.map((p) => fact(conflictIn(p), 0, 'a file to resolve')),
    fact("keeping main's Currency enum", 0, 'how to resolve the conflicts'),
    fact('Money.add throws on mixed currencies', 1, 'a trap when resolving amounts'),
    fact('Refunds use the original payment currency', 1, 'a rule the resolution must keep'),
    fact(countOf(120, 'errors?|(?:conflict )?markers?'), 2, 'the editor errors are the conflict markers, counted once'),
    fact('Merge conflict marker encountered', 2, 'the one error message, said once'),
  ],
  distractors: [
    { text: repeated('Merge conflict marker encountered', 6), why: 'one error per marker line, listed instead of counted' },
    { text: repeated(/Reviewed \w+\(\) across the adapters/, 3), why: 'routine review notes one by one' },
    { text: repeated(/charges and refunds build Money, tests green/, 3), why: 'routine check notes one by one' },
  ],
  ideal: {
    high: `- **Goal:** Rebase feature/payments onto main after the currency refactor, keeping the Money type
- **Rebase in progress**, detached HEAD; **conflicts (4):** src/pay/amount.ts, src/pay/checkout.ts, src/pay/currency.ts, src/pay/refund.ts
- **Latest note:** ${NOTES[NOTES.length - 1]}
- **Errors:** 120 conflict markers in the 4 files (resolve them)
- Left out: 56 staged files, 40 notes (\`--level medium\`)`,
    medium: `## Staged, merged cleanly (56)
src/pay: stripe, adyen, paypal, klarna, mollie, braintree, square adapters (Charge, Refund, Webhook, Payout, Dispute, Mandate, Token, Report)

## Earlier notes that still hold
- Money.add throws on mixed currencies; convert first with toCurrency()
- Refunds use the original payment currency, never the shop default
- Money is an integer amount plus a Currency; no floats anywhere in src/pay
- main got the currency refactor this morning: a Currency enum replaces the ISO strings
- 14 notes reviewed the functions across the adapters; 7 checked each provider: tests green`,
    low: `## Editor errors
- 120× Merge conflict marker encountered. (ts), 30 in each conflicted file

## Notes
${NOTES.slice(0, 8).map((n) => `- ${n}`).join('\n')}`,
  },
};
