// A long goal or note shortened by sentences, not by its end: the first sentence (what the work
// is) and the ones that constrain it or say what comes next ("fix the store before anything
// else", "do not touch the eslint config", a deadline, "then run …") are kept verbatim, in
// order; background goes first. Cutting at a
// length keeps the background and loses the constraint, which is what a successor must not lose.

/** Words that mark a sentence as a constraint or a priority, in the languages Baton meets most. */
const KEY =
  /(?<![\p{L}])(?:next|then|resolve|continue|must|matters?|important|priority|first|before anything|do not|don't|never|only|deadline|due|by (?:mon|tues|wednes|thurs|fri|satur|sun)day|blocker|blocking|required|muss|müssen|nicht|wichtig|zuerst|nie|termin|frist|nur|danach|nächste[rns]?|必ず|注意|禁止|まず|期限|次)(?![\p{L}])/iu;

function sentencesOf(text: string): string[] {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.split(/(?<=[.!?])\s+(?=\S)|(?<=[。！？])\s*(?=\S)/u).map((s) => s.trim()).filter((s) => s !== '');
}

/** The text within `max` characters: whole if it fits, else its first and key sentences, joined by "…". */
export function keySentences(text: string, max: number): string | null {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const sentences = sentencesOf(flat);
  const first = sentences[0] ?? '';
  if (sentences.length < 2 || first.length > max) return null;
  const kept = [0];
  let length = first.length;
  sentences.forEach((sentence, i) => {
    if (i === 0 || !KEY.test(sentence) || length + sentence.length + 3 > max) return;
    kept.push(i);
    length += sentence.length + 3;
  });
  if (kept.length === 1) return null;
  return kept.map((i, n) => (n > 0 && i !== (kept[n - 1] ?? 0) + 1 ? `… ${sentences[i]}` : sentences[i])).join(' ');
}
