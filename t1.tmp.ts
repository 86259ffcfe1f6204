import { promises as fs, copyFileSync } from 'node:fs';
import { BatonDatabase, journalPathOf } from './src/storage/batonDatabase';
import { LEDGER_INSERT, LEDGER_ROWS, ledgerRow, settleDisk } from './bench/support/dbWorkload';
(async () => {
  const dir = '/work/px-run'; await fs.rm(dir, { recursive: true, force: true }); await fs.mkdir(dir);
  copyFileSync('/work/px-seed/baton.db', dir + '/baton.db'); copyFileSync(journalPathOf('/work/px-seed/baton.db'), journalPathOf(dir + '/baton.db'));
  settleDisk();
  const db = await BatonDatabase.open({ path: dir + '/baton.db', wasmDir: 'node_modules/sql.js/dist' });
  settleDisk();
  let row = LEDGER_ROWS; const W: number[] = [];
  for (let i = 0; i < Number(process.env.WARM ?? 0); i++) await db.write((w) => w.run(LEDGER_INSERT, ledgerRow(row++)));
  settleDisk();
  for (let i = 0; i < 2000; i++) { const a = performance.now(); await db.write((w) => w.run(LEDGER_INSERT, ledgerRow(row++))); W.push(performance.now() - a); }
  const idx = W.map((t, i) => [t, i]).sort((a, b) => b[0] - a[0]).slice(0, 30);
  console.log('p50', [...W].sort((a, b) => a - b)[1000].toFixed(2), 'p99', [...W].sort((a, b) => a - b)[1980].toFixed(2));
  console.log('top30', idx.map(([t, i]) => `${i}:${t.toFixed(1)}`).join(' '));
  const later = W.slice(100).sort((a, b) => a - b); console.log('after first 100: p99', later[Math.floor(later.length * 0.99)].toFixed(2));
  await db.close();
})();
