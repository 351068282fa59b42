// Words contacts use for dates in English, Portuguese, Spanish, German and Afrikaans, folded
// (lower case, no accents) the way foldText folds a reply: "março" is "marco", "mañana" is "manana".

function lookup(groups: string[][], base: number): Map<string, number> {
  const map = new Map<string, number>();
  groups.forEach((words, index) => words.forEach((word) => map.set(word, index + base)));
  return map;
}

export const MONTHS = lookup(
  [
    ['january', 'jan', 'janeiro', 'enero', 'ene', 'januar', 'janner', 'januarie'],
    ['february', 'feb', 'fevereiro', 'fev', 'febrero', 'februar', 'feber', 'februarie'],
    ['march', 'mar', 'marco', 'marzo', 'marz', 'mrz', 'maart'],
    ['april', 'apr', 'abril', 'abr'],
    ['may', 'maio', 'mayo', 'mai', 'mei'],
    ['june', 'jun', 'junho', 'junio', 'juni', 'junie'],
    ['july', 'jul', 'julho', 'julio', 'juli', 'julie'],
    ['august', 'aug', 'agosto', 'ago', 'augustus'],
    ['september', 'sep', 'sept', 'setembro', 'set', 'septiembre', 'setiembre'],
    ['october', 'oct', 'outubro', 'out', 'octubre', 'oktober', 'okt'],
    ['november', 'nov', 'novembro', 'noviembre'],
    ['december', 'dec', 'dezembro', 'dez', 'diciembre', 'dic', 'dezember', 'desember', 'des'],
  ],
  1,
);

/** 0 = Sunday ... 6 = Saturday, like weekdayOf. */
export const WEEKDAYS = lookup(
  [
    ['sunday', 'sun', 'domingo', 'dom', 'sonntag', 'sondag'],
    ['monday', 'mon', 'segunda', 'seg', 'lunes', 'lun', 'montag', 'maandag'],
    ['tuesday', 'tue', 'tues', 'terca', 'ter', 'martes', 'dienstag', 'dinsdag'],
    ['wednesday', 'wed', 'quarta', 'qua', 'miercoles', 'mie', 'mittwoch', 'woensdag'],
    ['thursday', 'thu', 'thur', 'thurs', 'quinta', 'qui', 'jueves', 'jue', 'donnerstag', 'donderdag'],
    ['friday', 'fri', 'sexta', 'sex', 'viernes', 'vie', 'freitag', 'vrydag'],
    ['saturday', 'sat', 'sabado', 'sab', 'samstag', 'sonnabend', 'saterdag'],
  ],
  0,
);

/** Whole replies, filler words removed ("depois de amanhã" is "depois amanha"), that name a day relative to today. */
export const RELATIVE_DAYS = new Map<string, number>([
  ...['today', 'hoje', 'hoy', 'heute', 'vandag'].map((word): [string, number] => [word, 0]),
  ...['tomorrow', 'tmrw', 'tmr', 'amanha', 'manana', 'morgen'].map((word): [string, number] => [word, 1]),
  ...['yesterday', 'ontem', 'ayer', 'gestern', 'gister'].map((word): [string, number] => [word, -1]),
  ...['day after tomorrow', 'depois amanha', 'pasado manana', 'ubermorgen', 'oormore'].map(
    (word): [string, number] => [word, 2],
  ),
]);

/** Words that say "the next one, not today" before a weekday. */
export const NEXT_WORDS = new Set([
  'next',
  'proxima',
  'proximo',
  'naechsten',
  'nachsten',
  'nachster',
  'volgende',
]);

/** Filler around a date: "the 5th of March", "5 de março de 2026", "am 5. März", "segunda-feira". */
export const FILLER_WORDS = new Set([
  'of',
  'the',
  'on',
  'this',
  'de',
  'del',
  'do',
  'da',
  'el',
  'la',
  'em',
  'en',
  'am',
  'den',
  'der',
  'op',
  'feira',
  'este',
  'esta',
  'coming',
  'diesen',
]);
