/* A query in a language written without spaces, split into the index's own words.
 *
 * The index holds the words its segmenter cut the text into, and cuts depend on
 * the surrounding text: 導入事例 is indexed as 導入 + 事例 and 仮想化 as 仮想 + 化
 * (then dropped as a single character), so a reader's compound found nothing
 * while its parts did. A run of CJK characters that is no indexed word and no
 * part of one is cut into indexed words instead: as few characters left out and
 * then as few words as possible.
 */
var splitQuery = (query) => {
  const words = query
    .split(/[^\p{Letter}\p{Number}_\p{Emoji_Presentation}]+/gu)
    .filter((word) => word);
  const index = typeof Search === "undefined" ? null : Search._index;
  if (!index) return words;
  const indexed = [...Object.keys(index.terms), ...Object.keys(index.titleterms)];
  const known = new Set(indexed);
  const cjk = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
  const searchable = (word) =>
    known.has(word.toLowerCase()) || indexed.some((term) => term.includes(word.toLowerCase()));
  return words.flatMap((word) =>
    cjk.test(word) && !searchable(word) ? indexedWordsIn(word, known) : [word],
  );
};

// best[end]: the cheapest cut of word.slice(0, end) as [left out, words, pieces].
const indexedWordsIn = (word, known) => {
  const cheaper = (a, b) => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
  const best = [[0, 0, []]];
  for (let end = 1; end <= word.length; end++) {
    const [out, count, pieces] = best[end - 1];
    let choice = [out + 1, count, pieces];
    for (let start = 0; start < end; start++) {
      const piece = word.slice(start, end).toLowerCase();
      if (!known.has(piece)) continue;
      const candidate = [best[start][0], best[start][1] + 1, [...best[start][2], piece]];
      if (cheaper(candidate, choice)) choice = candidate;
    }
    best.push(choice);
  }
  const pieces = best[word.length][2];
  return pieces.length ? pieces : [word];
};
