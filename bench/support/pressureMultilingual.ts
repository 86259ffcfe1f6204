// Pressure: a long German goal (over 600 characters), notes in German and Japanese, a
// knowledge base in German. Whole-token matching must hold without spaces between Japanese
// words, so Japanese facts are whole clauses between punctuation marks (、。：).
import type { KnowledgeDraft } from '../../src/core/knowledge/knowledgeEntry';
import { type ScenarioRepo, fact } from './briefingScenarios';
import { at, repeated } from './factMatch';
import { tsModule } from './pressureMaterial';
import type { PressureScenario } from './pressureTypes';

const GOAL =
  'Die Rechnungen für Geschäftskunden müssen die Umsatzsteuer je Rechnungsposition ausweisen, nicht nur als Gesamtsumme am Ende. ' +
  'Hintergrund: Seit Januar verlangt die Buchhaltung unserer größten Kunden eine Aufschlüsselung nach Steuersätzen (19 % und 7 %), ' +
  'und die Prüfer haben zwei Rechnungen aus dem Dezember beanstandet. Betroffen sind die PDF-Erzeugung, der CSV-Export für DATEV ' +
  'und die Rechnungsübersicht im Kundenportal. Die Rundung erfolgt pro Position, nicht pro Rechnung; Cent-Beträge bleiben Ganzzahlen. ' +
  'Für Privatkunden ändert sich nichts, deren Rechnungen bleiben, wie sie sind. Termin ist der Monatsabschluss im März.';

const MODULES = ['position', 'steuer', 'summe', 'csvExport', 'datev', 'rundung', 'gutschrift', 'nummernkreis', 'kunde', 'vorlage', 'waehrung', 'rabatt', 'versand', 'mahnung', 'archiv'];
const CHANGED = [...MODULES.map((m) => `src/rechnung/${m}.ts`), ...MODULES.map((m) => `src/portal/${m}Ansicht.ts`)];
const JP_CHECKED = (m: string) => `${m} のテストを確認した：税額の計算は正しく、旧版との差分はない。端数処理も経理部のサンプル請求書と一致した。`;
const DE_CHECKED = (m: string) =>
  `Geprüft: ${m} zeigt die Steuer je Position korrekt an; keine Abweichung zur Vorlage der Buchhaltung gefunden. ` +
  'Verglichen mit den zwölf Musterrechnungen aus dem Dezember, einschließlich der beiden beanstandeten.';

const NOTES = [
  'Bestandsaufnahme: die Steuer wird heute nur in summe.ts berechnet, einmal pro Rechnung',
  'Plan: die Steuer erst bei der PDF-Erzeugung berechnen, pro Zeile',
  '注意：軽減税率7%の対象は食品と書籍だけ。',
  ...MODULES.map(JP_CHECKED),
  'Verworfen: Steuer im PDF zu rechnen; der CSV-Export braucht dieselben Werte, also rechnet position.ts beim Speichern',
  'Entscheidung: Gutschriften bekommen eine eigene Nummernfolge (GS-2026-…), nicht die der Rechnungen',
  'DATEV-Export: Steuerschlüssel 9 für 19 %, 8 für 7 %',
  ...MODULES.map(DE_CHECKED),
  ...CHANGED.slice(15, 27).map((p) => `${p} の表示を更新した：ポジションごとに税額を表示する。`),
  'DATEVのCSV出力は完了。次の手順：steuerZeile() を src/rechnung/pdf.ts に組み込み、税率ごとの小計を表示する。',
];

const kb = (kind: KnowledgeDraft['kind'], title: string, body: string, paths: string[]): KnowledgeDraft => ({ kind, title, body, paths, tags: [], scope: 'workspace' });
const RELEVANT = [
  kb('decision', 'Steuerbeträge werden in Cent als Ganzzahl gespeichert', 'Nie Fließkommazahlen für Beträge; gerundet wird je Position.', ['src/rechnung/position.ts']),
  kb('gotcha', 'DATEV lehnt Dateien mit BOM ab', 'Der CSV-Export muss UTF-8 ohne BOM schreiben.', ['src/rechnung/datev.ts']),
];
const UNRELATED = [
  kb('note', 'Kundenportal: Avatare werden auf 256 px verkleinert', 'Größere Bilder bremsen die Übersicht.', ['src/avatar/']),
  kb('note', 'Kundenportal: Sitzungen laufen nach 30 Minuten ab', 'Vorgabe der IT-Sicherheit.', ['src/sitzung/']),
  kb('pattern', 'Newsletter-Abmeldungen werden nach 30 Tagen gelöscht', 'Datenschutz; Kunden bekommen eine Bestätigung.', ['src/newsletter/']),
  kb('gotcha', 'Der Suchindex der Kunden wird nachts um 3 Uhr neu aufgebaut', 'Vorher fehlen neue Kunden in der Suche.', ['src/suche/']),
  kb('decision', 'Lieferadressen bleiben nach Löschung eines Kunden 10 Jahre gespeichert', 'Aufbewahrungspflicht.', ['src/adressen/']),
  kb('note', 'Kundenportal-Übersetzungen kommen aus Crowdin', 'Nicht von Hand in die JSON-Dateien schreiben.', ['src/i18n/']),
  kb('gotcha', 'Kundenportal: Passwort-Links gelten nur 15 Minuten', 'Danach muss der Kunde einen neuen Link anfordern.', ['src/passwort/']),
  kb('pattern', 'Kunden-E-Mails gehen über die Warteschlange mail-out', 'Nie direkt aus dem Request senden.', ['src/mail/']),
  kb('decision', 'Kundenportal zeigt Bestellungen der letzten 24 Monate', 'Ältere nur auf Anfrage beim Support.', ['src/bestellungen/']),
  kb('note', 'Kundenportal-Statistiken kommen aus dem nächtlichen Export', 'Sie sind bis zu einen Tag alt.', ['src/statistik/']),
];

export const RECHNUNG_MULTILINGUAL: PressureScenario = {
  name: 'pressure: long German goal, German and Japanese notes',
  before: (r: ScenarioRepo) => r.commit('Rechnungsmodul', Object.fromEntries([...CHANGED, 'src/rechnung/pdf.ts'].map((p) => [p, tsModule(['erstellen', 'pruefen', 'speichern'], () => ['  return summe;'])]))),
  goal: GOAL,
  during: (r) => { for (const p of CHANGED) r.write(p, tsModule(['erstellen', 'pruefen', 'speichern'], (n) => ['  const steuer = steuerJePosition(positionen);', `  return ${n}(summe, steuer);`])); },
  notes: NOTES,
  knowledge: [...UNRELATED.slice(0, 3), ...RELEVANT, ...UNRELATED.slice(3)],
  editor: {
    active: { path: 'src/rechnung/steuer.ts', line: 57, column: 9, selection: null },
    openEditors: ['src/rechnung/steuer.ts', 'src/rechnung/pdf.ts'],
    unsaved: [],
    diagnostics: [
      { path: 'src/rechnung/steuer.ts', line: 57, severity: 'error', message: "Type 'number | undefined' is not assignable to type 'number'.", source: 'ts' },
      ...CHANGED.slice(15).flatMap((path) => [4, 17, 30].map((line) => ({ path, line, severity: 'warning' as const, message: "'summe' is declared but its value is never read.", source: 'ts' }))),
    ],
  },
  facts: [
    fact('Umsatzsteuer je Rechnungsposition ausweisen', 0, "the goal's key clause"),
    fact('税率ごとの小計を表示する', 0, 'the next step (Japanese, a whole clause)'),
    fact(at('src/rechnung/steuer.ts', 57), 0, 'where the blocking error is'),
    fact("'number | undefined' is not assignable", 1, 'what the error is'),
    fact('Gutschriften bekommen eine eigene Nummernfolge', 1, 'a decision (German)'),
    fact('軽減税率7%の対象は食品と書籍だけ', 1, 'a tax rule (Japanese)'),
    fact('Steuerbeträge werden in Cent als Ganzzahl gespeichert', 1, 'knowledge about a changed file'),
    fact('DATEV lehnt Dateien mit BOM ab', 2, 'knowledge about a changed file'),
    fact('Steuerschlüssel 9 für 19 %', 2, 'an export detail (German)'),
  ],
  distractors: [
    { text: 'erst bei der PDF-Erzeugung berechnen', why: 'a plan a later note dropped' },
    ...UNRELATED.map((k) => ({ text: k.title, why: 'knowledge about other parts of the portal' })),
    { text: repeated('のテストを確認した', 3), why: 'routine test checks one by one' },
    { text: repeated('の表示を更新した', 3), why: 'routine view updates one by one' },
    { text: repeated("'summe' is declared but its value is never read", 3), why: 'one warning repeated 45 times, listed instead of counted' },
    { text: repeated(/zeigt die Steuer je Position korrekt an/, 3), why: 'routine checks one by one' },
  ],
  ideal: {
    high: `- **Ziel:** ${GOAL}
- **Letzte Notiz:** ${NOTES[NOTES.length - 1]}
- **Fehler:** src/rechnung/steuer.ts:57 Type 'number | undefined' is not assignable to type 'number'.
- Ausgelassen: 30 geänderte Dateien, 48 Notizen (\`--level medium\`)`,
    medium: `## Geändert: 30 Dateien (src/rechnung 15, src/portal 15)

## Entscheidungen und Regeln aus den Notizen
- Entscheidung: Gutschriften bekommen eine eigene Nummernfolge (GS-2026-…), nicht die der Rechnungen
- 注意：軽減税率7%の対象は食品と書籍だけ。
- Verworfen: Steuer im PDF zu rechnen; der CSV-Export braucht dieselben Werte, also rechnet position.ts beim Speichern

## Wissen zu den geänderten Dateien
- Steuerbeträge werden in Cent als Ganzzahl gespeichert (src/rechnung/position.ts)

## Warnungen: 45× 'summe' is declared but its value is never read (src/portal)`,
    low: `## Mehr
- DATEV lehnt Dateien mit BOM ab (src/rechnung/datev.ts)
- DATEV-Export: Steuerschlüssel 9 für 19 %, 8 für 7 %
- 42 Prüfnotizen (15 Tests, 15 Module, 12 Ansichten): alles korrekt`,
  },
};
